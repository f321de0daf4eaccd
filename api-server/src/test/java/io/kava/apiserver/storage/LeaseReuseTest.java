package io.kava.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.kava.client.testing.MutableClock;
import org.junit.jupiter.api.Test;

class LeaseReuseTest {
  private final List<Long> granted = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));
  private final LeaseReuse leases = new LeaseReuse(seconds -> {
    granted.add(seconds);
    return granted.size();
  }, clock);

  @Test
  void anHourLongTtlSharesOneLeaseForAMinuteAsUpstream() {
    long first = leases.leaseFor(3600);
    clock.advance(Duration.ofSeconds(59));
    long withinTheWindow = leases.leaseFor(3600);
    clock.advance(Duration.ofSeconds(2));
    long afterIt = leases.leaseFor(3600);

    assertThat(granted).containsExactly(3660L, 3660L);
    assertThat(withinTheWindow).isEqualTo(first);
    assertThat(afterIt).isNotEqualTo(first);
  }

  @Test
  void theReuseWindowIsFivePercentOfAShortTtl() {
    leases.leaseFor(100);
    clock.advance(Duration.ofSeconds(4));
    leases.leaseFor(100);
    clock.advance(Duration.ofSeconds(2));
    leases.leaseFor(100);

    assertThat(granted).containsExactly(105L, 105L);
  }

  @Test
  void aTtlTooShortForAWindowGetsALeaseEveryWrite() {
    leases.leaseFor(2);
    leases.leaseFor(2);

    assertThat(granted).containsExactly(2L, 2L);
  }

  @Test
  void aLeaseCarriesAtMostAThousandKeys() {
    leases.leaseFor(3600);
    clock.advance(Duration.ofSeconds(1)); // a lease granted this very instant ends exactly at the window's edge
    for (int i = 1; i < LeaseReuse.MAX_KEYS_PER_LEASE + 1; i++) {
      leases.leaseFor(3600);
    }

    assertThat(granted).hasSize(2);
  }

  @Test
  void aLongerTtlNeverReusesALeaseThatEndsTooSoon() {
    leases.leaseFor(60);
    leases.leaseFor(3600);

    assertThat(granted).containsExactly(63L, 3660L);
  }
}
