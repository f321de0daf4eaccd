package io.kava.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiringKeysTest {
  @Test
  void keysUnderThePrefixExpireAndOthersNever() {
    ExpiringKeys events = ExpiringKeys.under("/registry/events/", Duration.ofHours(1));

    assertThat(events.ttlSeconds("/registry/events/default/web.1")).isEqualTo(3600);
    assertThat(events.ttlSeconds("/registry/eventsx/default/a")).isZero();
    assertThat(events.ttlSeconds("/registry/pods/default/web")).isZero();
  }

  @Test
  void aZeroTtlMeansForeverAndPartSecondsRoundUp() {
    assertThat(ExpiringKeys.under("/registry/events/", Duration.ZERO).ttlSeconds("/registry/events/a/b")).isZero();
    assertThat(ExpiringKeys.under("/registry/events/", Duration.ofMillis(1500)).ttlSeconds("/registry/events/a/b"))
        .isEqualTo(2);
  }
}
