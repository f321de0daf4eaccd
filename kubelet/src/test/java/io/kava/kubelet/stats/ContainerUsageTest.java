package io.kava.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.kubelet.runtime.UsageSample;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The stats arithmetic: cumulative CPU nanoseconds into a rate over a window, memory into the working set. */
class ContainerUsageTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void theRateIsTheUsageDeltaOverTheTimeDeltaBetweenTwoReadings() {
    UsageSample earlier = sample(T0, 5_000_000_000L, null, 0);
    // 3 s of CPU over 15 s of wall time: a fifth of a core
    UsageSample later = sample(T0.plusSeconds(15), 8_000_000_000L, T0.plusSeconds(14), 7_900_000_000L);
    ContainerUsage usage = ContainerUsage.of(earlier, later).orElseThrow();
    assertThat(usage.nanoCores()).isEqualTo(200_000_000L);
    assertThat(usage.window()).isEqualTo(Duration.ofSeconds(15));
    assertThat(usage.timestamp()).isEqualTo(T0.plusSeconds(15));
    assertThat(usage.cpuUsageNanos()).isEqualTo(8_000_000_000L);
  }

  @Test
  void withoutAnEarlierReadingTheEnginesOwnPreReadingGivesTheWindow() {
    UsageSample first = sample(T0.plusSeconds(1), 2_500_000_000L, T0, 1_500_000_000L);
    ContainerUsage usage = ContainerUsage.of(null, first).orElseThrow();
    assertThat(usage.nanoCores()).isEqualTo(1_000_000_000L);
    assertThat(usage.window()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aBusyLoopOnTwoCoresReadsAsTwoThousandMillicores() {
    UsageSample earlier = sample(T0, 0, null, 0);
    UsageSample later = sample(T0.plusMillis(2500), 5_000_000_000L, null, 0);
    assertThat(ContainerUsage.of(earlier, later).orElseThrow().nanoCores()).isEqualTo(2_000_000_000L);
  }

  @Test
  void aCounterThatWentBackFallsBackToThePreReading() {
    UsageSample earlier = sample(T0, 9_000_000_000L, null, 0);
    UsageSample restarted = sample(T0.plusSeconds(15), 1_000_000_000L, T0.plusSeconds(14), 500_000_000L);
    assertThat(ContainerUsage.of(earlier, restarted).orElseThrow().nanoCores()).isEqualTo(500_000_000L);
  }

  @Test
  void noEarlierReadingAtAllGivesNothing() {
    assertThat(ContainerUsage.of(null, sample(T0, 1, null, 0))).isEmpty();
    assertThat(ContainerUsage.of(sample(T0, 1, null, 0), sample(T0, 2, null, 0))).isEmpty();
  }

  @Test
  void theWorkingSetIsUsageMinusInactiveFileNeverBelowZero() {
    assertThat(new UsageSample(T0, 0, 100 << 20, 30 << 20, null, 0).workingSetBytes()).isEqualTo(70L << 20);
    assertThat(new UsageSample(T0, 0, 10, 30, null, 0).workingSetBytes()).isZero();
    UsageSample later = new UsageSample(T0.plusSeconds(1), 10, 100 << 20, 30 << 20, T0, 0);
    assertThat(ContainerUsage.of(null, later).orElseThrow().workingSetBytes()).isEqualTo(70L << 20);
  }

  private static UsageSample sample(Instant read, long cpu, Instant preRead, long preCpu) {
    return new UsageSample(read, cpu, 0, 0, preRead, preCpu);
  }
}
