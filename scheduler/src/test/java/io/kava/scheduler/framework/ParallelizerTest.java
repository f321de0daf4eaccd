package io.kava.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelizerTest {
  private final Parallelizer parallel = new Parallelizer(4);

  @AfterEach
  void close() {
    parallel.close();
  }

  @Test
  void chunkSizesAreUpstreams() {
    assertThat(Parallelizer.chunkSize(1000, 16)).isEqualTo(31);
    assertThat(Parallelizer.chunkSize(100, 16)).isEqualTo(7);
    assertThat(Parallelizer.chunkSize(10, 16)).isEqualTo(1);
    assertThat(Parallelizer.chunkSize(0, 16)).isEqualTo(1);
  }

  @Test
  void everyIndexRunsExactlyOnce() {
    AtomicIntegerArray runs = new AtomicIntegerArray(1000);

    parallel.forEach(1000, runs::incrementAndGet);

    for (int i = 0; i < 1000; i++) {
      assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
    }
  }

  @Test
  void stoppingEarlyLeavesAPrefixThatHoldsWhatWasWanted() {
    AtomicIntegerArray runs = new AtomicIntegerArray(1000);

    int prefix = parallel.untilFound(1000, 50, i -> {
      runs.incrementAndGet(i);
      return i % 3 == 0;
    });

    assertThat(prefix).isLessThan(1000);
    int found = 0;
    for (int i = 0; i < 1000; i++) {
      assertThat(runs.get(i)).as("index %d", i).isEqualTo(i < prefix ? 1 : 0);
      found += i < prefix && i % 3 == 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThanOrEqualTo(50);
  }

  @Test
  void aSerialParallelizerStopsAtTheWantedItem() {
    try (Parallelizer serial = new Parallelizer(1)) {
      assertThat(serial.untilFound(1000, 50, i -> i % 3 == 0)).isEqualTo(148);
      assertThat(serial.untilFound(10, 50, i -> true)).isEqualTo(10);
    }
  }

  @Test
  void aFailingItemIsRethrownToTheCaller() {
    assertThatThrownBy(() -> parallel.forEach(1000, i -> {
      if (i == 700) {
        throw new IllegalStateException("item 700");
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("item 700");
  }
}
