package io.kava.controllermanager.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerExpectationsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final ControllerExpectations expectations = new ControllerExpectations(clock);

  @Test
  void unknownKeyIsSatisfied() {
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void creationsAreSatisfiedOnceAllAreObserved() {
    expectations.expectCreations("ns/rs", 2);
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    expectations.creationObserved("ns/rs");
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    expectations.creationObserved("ns/rs");
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void deletionsCountOncePerKeyAndIgnoreUnexpectedKeys() {
    expectations.expectDeletions("ns/rs", List.of("ns/a", "ns/b"));
    expectations.deletionObserved("ns/rs", "ns/a");
    expectations.deletionObserved("ns/rs", "ns/a"); // terminating, then gone: one deletion
    expectations.deletionObserved("ns/rs", "ns/other");
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    assertThat(expectations.pending("ns/rs").orElseThrow()).containsExactly(0, 1);
    expectations.deletionObserved("ns/rs", "ns/b");
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void expectationsExpireAfterFiveMinutes() {
    expectations.expectCreations("ns/rs", 1);
    clock.advance(Duration.ofMinutes(5));
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void newExpectationsReplaceOldOnesAndDeleteForgets() {
    expectations.expectCreations("ns/rs", 3);
    expectations.expectDeletions("ns/rs", List.of("ns/a"));
    assertThat(expectations.pending("ns/rs").orElseThrow()).containsExactly(0, 1);
    expectations.delete("ns/rs");
    assertThat(expectations.pending("ns/rs")).isEmpty();
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }
}
