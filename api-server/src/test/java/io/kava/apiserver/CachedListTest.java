package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.kava.api.core.v1.ConfigMap;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.ListResult;
import io.kava.client.ResourceClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LIST's resourceVersion as upstream's: "" reads storage; "0" and a revision N are served from the watch
 * cache (N: once the cache has reached it), no older than this server's own writes; a revision the store
 * has not reached is Expired, so the client lists the latest.
 */
class CachedListTest {
  private static final String PREFIX = "/registry/configmaps/";
  private InProcessApi api;
  private ResourceClient<ConfigMap> configMaps;

  @BeforeEach
  void start() {
    api = new InProcessApi();
    configMaps = api.client.resource(ConfigMap.class);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private long revision(ListResult<?> list) {
    return Long.parseLong(list.resourceVersion());
  }

  @Test
  void aListAtZeroReadsNoStorageAndHoldsEveryObjectThisServerJustWrote() {
    long lastWrite = 0;
    for (int i = 0; i < 20; i++) {
      lastWrite = Long.parseLong(configMaps.create(Fixtures.configMap("default", "cm-" + i)).getMetadata().getResourceVersion());
    }
    int ranges = api.storage.ranges(PREFIX);
    ListResult<ConfigMap> cached = configMaps.list(ListOptions.inNamespace("default"), "0");
    assertThat(cached.items()).hasSize(20);
    assertThat(revision(cached)).isGreaterThanOrEqualTo(lastWrite);
    assertThat(api.storage.ranges(PREFIX)).isEqualTo(ranges);

    assertThat(configMaps.list(ListOptions.inNamespace("default"), "").items()).hasSize(20);
    assertThat(api.storage.ranges(PREFIX)).isEqualTo(ranges + 1);
  }

  @Test
  void aListAtARevisionTheCacheHasReachedIsServedFromIt() {
    configMaps.create(Fixtures.configMap("default", "a"));
    long latest = revision(configMaps.list(ListOptions.all()));
    int ranges = api.storage.ranges(PREFIX);
    ListResult<ConfigMap> cached = configMaps.list(ListOptions.all(), Long.toString(latest));
    assertThat(revision(cached)).isGreaterThanOrEqualTo(latest);
    assertThat(cached.items()).extracting(c -> c.getMetadata().getName()).containsExactly("a");
    assertThat(api.storage.ranges(PREFIX)).isEqualTo(ranges);
  }

  @Test
  void aListAtARevisionTheStoreHasNotReachedIsExpired() {
    long latest = revision(configMaps.list(ListOptions.all()));
    ApiException e = assertThrows(ApiException.class,
        () -> configMaps.list(ListOptions.all(), Long.toString(latest + 1000)));
    assertThat(e.isExpired()).isTrue();
    assertThat(e.getMessage()).contains("too large resource version");
  }

  @Test
  void aResourceVersionThatIsNoRevisionIsABadRequest() {
    ApiException e = assertThrows(ApiException.class,
        () -> configMaps.list(ListOptions.all(), "latest"));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }
}
