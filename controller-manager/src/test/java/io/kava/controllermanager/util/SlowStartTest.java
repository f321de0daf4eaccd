package io.kava.controllermanager.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowStartTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
  }

  @Test
  void runsAllCallsInDoublingBatches() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SlowStart.Result result = SlowStart.run(10, 1, executor, calls::incrementAndGet);
    assertThat(result.successes()).isEqualTo(10);
    assertThat(result.error()).isNull();
    assertThat(calls).hasValue(10);
  }

  @Test
  void stopsAfterTheBatchWithTheFirstFailure() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // Batches 1, 2, 4, 8: the 5th call is in the third batch, which still runs to its end.
    SlowStart.Result result = SlowStart.run(20, 1, executor, () -> {
      if (calls.incrementAndGet() == 5) {
        throw new IllegalStateException("quota exceeded");
      }
    });
    assertThat(calls).hasValue(7);
    assertThat(result.successes()).isEqualTo(6);
    assertThat(result.error()).hasMessage("quota exceeded");
  }

  @Test
  void zeroCallsDoNothing() throws Exception {
    SlowStart.Result result = SlowStart.run(0, 1, executor, () -> {
      throw new AssertionError("must not run");
    });
    assertThat(result.successes()).isZero();
  }
}
