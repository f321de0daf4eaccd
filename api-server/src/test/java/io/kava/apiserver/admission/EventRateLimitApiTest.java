package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.AdmissionConfig;
import io.kava.apiserver.admission.config.AdmissionConfigException;
import io.kava.apiserver.admission.eventratelimit.EventRateLimitConfig;
import io.kava.apiserver.admission.eventratelimit.Limit;
import io.kava.apiserver.admission.eventratelimit.LimitType;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EventRateLimit wired into an API server on in-memory storage: Event writes over the limit are refused
 * with RESOURCE_EXHAUSTED and nothing is stored. The limits refill at 1 qps, far slower than these
 * in-process writes.
 */
class EventRateLimitApiTest {
  private InProcessApi api;

  @AfterEach
  void close() {
    if (api != null) {
      api.close();
    }
  }

  private void start(Limit... limits) {
    AdmissionConfig admission = AdmissionConfig.of(List.of(AdmissionPlugins.EVENT_RATE_LIMIT), List.of(),
        Optional.of(new EventRateLimitConfig(List.of(limits))));
    api = new InProcessApi(c -> c.withSecurity(c.security().withAdmission(admission)));
    api.client.resource(Namespace.class).create(Fixtures.namespace("team"));
    api.client.resource(Namespace.class).create(Fixtures.namespace("other"));
  }

  private Event createEvent(String namespace, String name) {
    return api.client.resource(Event.class).create(Fixtures.event(namespace, name));
  }

  @Test
  void eventsOverANamespacesBurstAreRefusedAndNotStored() {
    start(new Limit(LimitType.NAMESPACE, 1, 2, 0));
    createEvent("team", "a");
    createEvent("team", "b");

    assertThatThrownBy(() -> createEvent("team", "c")).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(e.isTooManyRequests()).isTrue();
      assertThat(e.reason()).isEqualTo("TooManyRequests");
      assertThat(e).hasMessage("limit reached on type Namespace for key team");
    });
    assertThat(api.client.resource(Event.class).list(io.kava.client.ListOptions.inNamespace("team")).items())
        .extracting(ev -> ev.getMetadata().getName()).containsExactlyInAnyOrder("a", "b");
    createEvent("other", "a");
  }

  @Test
  void updatesSpendTokensDryRunsAndOtherKindsDoNot() {
    start(new Limit(LimitType.SERVER, 1, 2, 0));
    for (int i = 0; i < 5; i++) {
      api.client.resource(Event.class).create(Fixtures.event("team", "dry"), true);
      api.client.resource(ConfigMap.class).create(Fixtures.configMap("team", "c" + i));
    }
    Event stored = createEvent("team", "a");

    api.client.resource(Event.class).update(stored.toBuilder().setCount(2).build());

    assertThatThrownBy(() -> createEvent("team", "b")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e).hasMessage("limit reached on type Server for key "));
  }

  @Test
  void turnedOnWithoutAConfigurationIsRefusedAtStart() {
    assertThatThrownBy(() -> AdmissionConfig.of(List.of(AdmissionPlugins.EVENT_RATE_LIMIT), List.of()))
        .isInstanceOf(AdmissionConfigException.class)
        .hasMessageStartingWith("couldn't init admission plugin \"EventRateLimit\": missing configuration: "
            + "give it in the --admission-control-config-file");
  }

  @Test
  void offByDefault() {
    api = new InProcessApi();
    for (int i = 0; i < 200; i++) {
      api.client.resource(Event.class).create(Fixtures.event("default", "e" + i));
    }
    assertThat(AdmissionPlugins.DEFAULT_ON).doesNotContain(AdmissionPlugins.EVENT_RATE_LIMIT);
  }
}
