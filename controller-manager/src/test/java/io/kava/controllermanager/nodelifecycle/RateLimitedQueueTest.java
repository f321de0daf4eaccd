package io.kava.controllermanager.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitedQueueTest {
  private final MutableClock clock = new MutableClock();

  @Test
  void lettersNodesThroughAtTheRateInTheOrderAdded() {
    RateLimitedQueue queue = new RateLimitedQueue(0.5, clock);
    List<String> done = new ArrayList<>();
    queue.add("a");
    queue.add("b");
    queue.add("a");
    queue.add("c");

    queue.tryEach(done::add);
    assertThat(done).containsExactly("a");
    clock.advance(Duration.ofMillis(1999));
    queue.tryEach(done::add);
    assertThat(done).containsExactly("a");
    clock.advance(Duration.ofMillis(1));
    queue.tryEach(done::add);
    assertThat(done).containsExactly("a", "b");
    clock.advance(Duration.ofSeconds(60));
    queue.tryEach(done::add);
    assertThat(done).as("burst 1: a long wait does not save up").containsExactly("a", "b", "c");
  }

  @Test
  void aFailedNodeIsTriedAgainLater() {
    RateLimitedQueue queue = new RateLimitedQueue(1, clock);
    queue.add("a");
    queue.tryEach(n -> false);
    assertThat(queue.contains("a")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    queue.tryEach(n -> true);
    assertThat(queue.size()).isZero();
  }

  @Test
  void aZeroRateLetsNothingThroughUntilSwappedBack() {
    RateLimitedQueue queue = new RateLimitedQueue(0.1, clock);
    queue.swapLimiter(0);
    queue.add("a");
    clock.advance(Duration.ofHours(1));
    List<String> done = new ArrayList<>();
    queue.tryEach(done::add);
    assertThat(done).isEmpty();

    queue.swapLimiter(0.1);
    queue.tryEach(done::add);
    assertThat(done).as("as upstream, a limiter that was not accepting hands over an empty bucket").isEmpty();
    clock.advance(Duration.ofSeconds(10));
    queue.tryEach(done::add);
    assertThat(done).containsExactly("a");
  }
}
