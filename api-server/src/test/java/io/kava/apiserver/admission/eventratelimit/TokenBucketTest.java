package io.kava.apiserver.admission.eventratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final FakeTicker clock = new FakeTicker();

  private static long accepted(TokenBucket bucket, int tries) {
    return IntStream.range(0, tries).filter(i -> bucket.tryAccept()).count();
  }

  @Test
  void startsFullThenRefusesOnceTheBurstIsSpent() {
    TokenBucket bucket = new TokenBucket(5, 3, clock);

    assertThat(bucket.tryAccept()).isTrue();
    assertThat(bucket.tryAccept()).isTrue();
    assertThat(bucket.tryAccept()).isTrue();
    assertThat(bucket.tryAccept()).isFalse();
  }

  @Test
  void refillsAtQps() {
    TokenBucket bucket = new TokenBucket(5, 3, clock);
    accepted(bucket, 3);

    clock.advance(Duration.ofMillis(199));
    assertThat(bucket.tryAccept()).as("0.995 of a token").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(bucket.tryAccept()).as("one token after 200ms at 5 qps").isTrue();
    assertThat(bucket.tryAccept()).isFalse();
    clock.advance(Duration.ofMillis(400));
    assertThat(accepted(bucket, 5)).isEqualTo(2);
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(100, 4, clock);
    clock.advance(Duration.ofHours(1));

    assertThat(accepted(bucket, 10)).isEqualTo(4);
  }

  @Test
  void aRefusalTakesNothing() {
    TokenBucket bucket = new TokenBucket(1, 1, clock);
    bucket.tryAccept();
    assertThat(accepted(bucket, 100)).isZero();

    clock.advance(Duration.ofSeconds(1));
    assertThat(bucket.tryAccept()).as("the refusals did not put the bucket in debt").isTrue();
  }

  @Test
  void refusesNonPositiveRates() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, clock)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, 0, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
