package io.kava.apiserver.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Status;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.v1.ApiGrpc;
import io.kava.apiserver.testing.EventCollector;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * --request-timeout through the in-process API: a call whose etcd read hangs ends with DEADLINE_EXCEEDED
 * at the server's deadline, while a watch older than that deadline still delivers. The slow read waits
 * for its request's gRPC Context to be cancelled (or 10 s), so the test needs no sleep: it returns as
 * soon as the deadline fires, and only because it fired.
 */
class RequestTimeoutTest {
  private static final String SLOW_KEY = "/registry/configmaps/default/slow";
  private InProcessApi api;

  @AfterEach
  void close() {
    if (api != null) {
      api.close();
    }
  }

  private void start(Duration timeout) {
    api = new InProcessApi(c -> c.withRequestTimeout(timeout));
    api.storage.beforeGet(key -> {
      if (key.equals(SLOW_KEY)) {
        waitForCancellation();
      }
    });
  }

  /** A stuck etcd read: it ends when the request's Context is cancelled. */
  private static void waitForCancellation() {
    CountDownLatch cancelled = new CountDownLatch(1);
    Context.current().addListener(c -> cancelled.countDown(), Runnable::run);
    try {
      cancelled.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void slowGet() {
    api.client.resource(ConfigMap.class).get("default", "slow");
  }

  @Test
  void aCallOverTheTimeoutEndsWithDeadlineExceeded() {
    start(Duration.ofMillis(200));
    api.client.resource(ConfigMap.class).create(Fixtures.configMap("default", "slow"));
    api.client.resource(ConfigMap.class).create(Fixtures.configMap("default", "fast"));
    long started = System.nanoTime();

    assertThatThrownBy(this::slowGet).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(e.reason()).isEqualTo("Timeout");
      assertThat(e).hasMessage("Timeout: request did not complete within requested timeout - context deadline exceeded");
    });
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).as("ended by the 200ms deadline, not the client's 10s nor the read's own 10s")
        .isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(5));
    assertThat(api.client.resource(ConfigMap.class).get("default", "fast").getMetadata().getName())
        .as("a call within the timeout is answered as always").isEqualTo("fast");
  }

  @Test
  void watchesAreLongRunningAndOutliveTheTimeout() {
    start(Duration.ofMillis(200));
    api.client.resource(ConfigMap.class).create(Fixtures.configMap("default", "slow"));
    EventCollector<ConfigMap> events = new EventCollector<>();
    var configMaps = api.client.resource(ConfigMap.class);
    String listed = configMaps.list(ListOptions.inNamespace("default")).resourceVersion();
    try (Watch w = configMaps.watch(ListOptions.inNamespace("default"), listed, events)) {
      // The slow get started after the watch and timed out: the watch is older than one timeout now.
      assertThatThrownBy(this::slowGet).isInstanceOfSatisfying(ApiException.class,
          e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      configMaps.create(Fixtures.configMap("default", "after"));

      assertThat(events.awaitEvents(1, Duration.ofSeconds(10))).extracting(e -> e.object().getMetadata().getName())
          .containsExactly("after");
      assertThat(events.isClosed()).isFalse();
    }
  }

  @Test
  void zeroTurnsTheTimeoutOff() {
    api = new InProcessApi(c -> c.withRequestTimeout(Duration.ZERO));
    api.client.resource(ConfigMap.class).create(Fixtures.configMap("default", "c"));
    assertThat(api.client.resource(ConfigMap.class).get("default", "c").getMetadata().getName()).isEqualTo("c");
  }

  @Test
  void onlyStreamingMethodsAreLongRunning() {
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getWatchMethod())).isTrue();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getPodLogsMethod())).isTrue();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getPodExecMethod())).isTrue();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getPodAttachMethod())).isTrue();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getPodPortForwardMethod())).isTrue();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getGetMethod())).isFalse();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getListMethod())).isFalse();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getCreateMethod())).isFalse();
    assertThat(RequestTimeout.isLongRunning(ApiGrpc.getEvictMethod())).isFalse();
  }
}
