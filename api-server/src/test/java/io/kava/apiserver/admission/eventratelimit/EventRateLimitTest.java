package io.kava.apiserver.admission.eventratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.EventSource;
import io.kava.api.core.v1.ObjectReference;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.ValidatingAdmission.Attributes;
import io.kava.apiserver.registry.ValidatingAdmission.Operation;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.Kinds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin on its own: which writes it limits, the keys of each limit type, the LRU of keys, the refusal. */
class EventRateLimitTest {
  private static final UserInfo KUBELET = UserInfo.of("system:node:a", "system:nodes");
  private final FakeTicker clock = new FakeTicker();

  private EventRateLimit plugin(Limit... limits) {
    return new EventRateLimit(new EventRateLimitConfig(List.of(limits)), clock);
  }

  private static Attributes create(Event event, UserInfo user) {
    return new Attributes(Operation.CREATE, Kinds.EVENT, "", event, null, user);
  }

  private static Attributes create(String namespace) {
    return create(Fixtures.event(namespace, "e"), KUBELET);
  }

  private static void refused(Runnable write, String message) {
    assertThatThrownBy(write::run).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(e.reason()).isEqualTo("TooManyRequests");
      assertThat(e).hasMessage(message);
    });
  }

  @Test
  void aBurstGoesThroughThenTheNextEventIsRefusedUntilATokenComesBack() {
    EventRateLimit plugin = plugin(new Limit(LimitType.SERVER, 2, 3, 0));
    for (int i = 0; i < 3; i++) {
      plugin.validate(create("team"));
    }

    refused(() -> plugin.validate(create("team")), "limit reached on type Server for key ");
    clock.advance(Duration.ofMillis(500));
    assertThatCode(() -> plugin.validate(create("other"))).doesNotThrowAnyException();
    refused(() -> plugin.validate(create("other")), "limit reached on type Server for key ");
  }

  @Test
  void namespaceLimitsKeepOneBucketPerNamespace() {
    EventRateLimit plugin = plugin(new Limit(LimitType.NAMESPACE, 1, 2, 0));
    plugin.validate(create("a"));
    plugin.validate(create("a"));

    refused(() -> plugin.validate(create("a")), "limit reached on type Namespace for key a");
    assertThatCode(() -> {
      plugin.validate(create("b"));
      plugin.validate(create("b"));
    }).doesNotThrowAnyException();
    refused(() -> plugin.validate(create("b")), "limit reached on type Namespace for key b");
  }

  @Test
  void theLeastRecentlyUsedKeyLosesItsBucketWhenTheCacheIsFull() {
    EventRateLimit plugin = plugin(new Limit(LimitType.NAMESPACE, 1, 1, 2));
    plugin.validate(create("a"));
    plugin.validate(create("b"));
    refused(() -> plugin.validate(create("a")), "limit reached on type Namespace for key a");

    // a's refusal used a's bucket last, so c's new bucket pushes out b's.
    plugin.validate(create("c"));
    assertThatCode(() -> plugin.validate(create("b"))).as("b's bucket was evicted: a new full one")
        .doesNotThrowAnyException();
    assertThatCode(() -> plugin.validate(create("a"))).as("c and b filled the cache: a was evicted too")
        .doesNotThrowAnyException();
    refused(() -> plugin.validate(create("b")), "limit reached on type Namespace for key b");
  }

  @Test
  void aZeroCacheSizeMeansUpstreamsDefault() {
    assertThat(new Limit(LimitType.USER, 1, 1, 0).effectiveCacheSize()).isEqualTo(4096);
    LruBuckets buckets = new LruBuckets(4096, () -> new TokenBucket(1, 1, clock));
    for (int i = 0; i < 5000; i++) {
      buckets.get("k" + i);
    }
    assertThat(buckets.size()).isEqualTo(4096);
  }

  @Test
  void userLimitsAreKeyedByTheCallersName() {
    EventRateLimit plugin = plugin(new Limit(LimitType.USER, 1, 1, 0));
    plugin.validate(create(Fixtures.event("a", "e"), KUBELET));

    refused(() -> plugin.validate(create(Fixtures.event("b", "e"), KUBELET)), "limit reached on type User for key system:node:a");
    assertThatCode(() -> plugin.validate(create(Fixtures.event("a", "e"), UserInfo.of("alice"))))
        .doesNotThrowAnyException();
  }

  @Test
  void sourceAndObjectLimitsAreKeyedAsUpstreamJoinsTheFields() {
    EventRateLimit plugin = plugin(new Limit(LimitType.SOURCE_AND_OBJECT, 1, 1, 0));
    Event event = Fixtures.event("team", "e").toBuilder()
        .setSource(EventSource.newBuilder().setComponent("kubelet").setHost("node-a"))
        .setInvolvedObject(ObjectReference.newBuilder().setKind("Pod").setNamespace("team").setName("web-0")
            .setUid("u1").setApiVersion("v1"))
        .build();
    plugin.validate(create(event, KUBELET));

    refused(() -> plugin.validate(create(event.toBuilder().setMessage("another message").build(), UserInfo.of("bob"))),
        "limit reached on type SourceAndObject for key kubeletnode-aPodteamweb-0u1v1");
    Event otherPod = event.toBuilder().setInvolvedObject(event.getInvolvedObject().toBuilder().setName("web-1")).build();
    assertThatCode(() -> plugin.validate(create(otherPod, KUBELET))).doesNotThrowAnyException();
  }

  @Test
  void everyLimitSpendsATokenAndTheRefusalNamesEachLimitReached() {
    EventRateLimit plugin = plugin(new Limit(LimitType.SERVER, 1, 2, 0), new Limit(LimitType.NAMESPACE, 1, 1, 0));
    plugin.validate(create("a"));

    refused(() -> plugin.validate(create("a")), "limit reached on type Namespace for key a");
    refused(() -> plugin.validate(create("b")), "limit reached on type Server for key ");
    clock.advance(Duration.ofSeconds(1));
    plugin.validate(create("c"));
    refused(() -> plugin.validate(create("c")),
        "[limit reached on type Server for key , limit reached on type Namespace for key c]");
  }

  @Test
  void updatesOfEventsAreLimitedAsUpstreamsCreateAndUpdate() {
    EventRateLimit plugin = plugin(new Limit(LimitType.SERVER, 1, 1, 0));
    Event event = Fixtures.event("team", "e");
    plugin.validate(new Attributes(Operation.UPDATE, Kinds.EVENT, "", event, event, KUBELET));

    refused(() -> plugin.validate(create("team")), "limit reached on type Server for key ");
  }

  @Test
  void otherKindsDeletesAndDryRunsSpendNoToken() {
    EventRateLimit plugin = plugin(new Limit(LimitType.SERVER, 1, 1, 0));
    Message configMap = Fixtures.configMap("team", "c");
    Event event = Fixtures.event("team", "e");
    for (int i = 0; i < 5; i++) {
      plugin.validate(new Attributes(Operation.CREATE, Kinds.CONFIG_MAP, "", configMap, null, KUBELET));
      plugin.validate(new Attributes(Operation.DELETE, Kinds.EVENT, "", event, null, KUBELET));
      plugin.validate(new Attributes(Operation.CREATE, Kinds.EVENT, "", event, null, KUBELET, true));
    }

    assertThatCode(() -> plugin.validate(create("team"))).doesNotThrowAnyException();
    refused(() -> plugin.validate(create("team")), "limit reached on type Server for key ");
  }
}
