package io.kava.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.kubelet.v1.ContainerStats;
import io.kava.api.kubelet.v1.StatsSummary;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.runtime.UsageSample;
import io.kava.kubelet.testing.FakeContainerRuntime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One reading per running app container and pass; the rate between passes; sandboxes and other nodes left out. */
class StatsCollectorTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private final FakeContainerRuntime runtime = new FakeContainerRuntime(Clock.systemUTC());
  private final ExecutorService reads = Executors.newCachedThreadPool();
  private final StatsCollector collector = new StatsCollector(runtime, "n1", reads);

  @AfterEach
  void stop() {
    reads.shutdownNow();
  }

  private String container(String node, String uid, String name, boolean running) {
    return runtime.addForeign(Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.NODE, node,
        ContainerLabels.POD_UID, uid, ContainerLabels.POD_NAMESPACE, "default", ContainerLabels.POD_NAME, "web",
        ContainerLabels.CONTAINER_NAME, name), running);
  }

  @Test
  void ratesComeFromTwoPassesAndOnlyAppContainersOfThisNodeCount() {
    String app = container("n1", "u1", "app", true);
    String sandbox = container("n1", "u1", ContainerLabels.SANDBOX_NAME, true);
    String stopped = container("n1", "u2", "done", false);
    String elsewhere = container("n2", "u3", "app", true);
    for (String id : new String[] {sandbox, stopped, elsewhere}) {
      runtime.usage(id, new UsageSample(T0, 1, 1, 0, null, 0));
    }
    runtime.usage(app, new UsageSample(T0, 1_000_000_000L, 50L << 20, 10L << 20, null, 0));
    collector.run();
    assertThat(collector.summary().getPodsList()).isEmpty(); // one reading without a pre-reading: no rate yet

    runtime.usage(app, new UsageSample(T0.plusSeconds(10), 6_000_000_000L, 60L << 20, 10L << 20, null, 0));
    collector.run();
    StatsSummary summary = collector.summary();
    assertThat(summary.getNodeName()).isEqualTo("n1");
    assertThat(summary.getPodsList()).hasSize(1);
    assertThat(summary.getPods(0).getPod().getUid()).isEqualTo("u1");
    ContainerStats c = summary.getPods(0).getContainers(0);
    assertThat(c.getName()).isEqualTo("app");
    assertThat(c.getUsageNanoCores()).isEqualTo(500_000_000L);
    assertThat(c.getWindowMillis()).isEqualTo(10_000);
    assertThat(c.getWorkingSetBytes()).isEqualTo(50L << 20);
    assertThat(c.getTimestamp()).isEqualTo("2026-12-01T12:00:10Z");
  }

  @Test
  void aContainerThatIsGoneIsLeftOut() {
    String app = container("n1", "u1", "app", true);
    runtime.usage(app, new UsageSample(T0.plusSeconds(1), 2, 1, 0, T0, 1));
    collector.run();
    assertThat(collector.summary().getPodsList()).hasSize(1);
    runtime.forceRemove(app);
    collector.run();
    assertThat(collector.summary().getPodsList()).isEmpty();
  }

  @Test
  void aPassReadsEveryContainerButNeverMoreAtOnceThanItsPoolHolds() throws Exception {
    for (int i = 0; i < 30; i++) {
      runtime.usage(container("n1", "u" + i, "app", true), new UsageSample(T0, 1, 1, 0, null, 0));
    }
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    var slowEngine = new io.kava.kubelet.runtime.ForwardingContainerRuntime(runtime) {
      @Override
      public java.util.Optional<UsageSample> stats(String id) {
        mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(5);
          reads.incrementAndGet();
          return super.stats(id);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        } finally {
          inFlight.decrementAndGet();
        }
      }
    };
    ExecutorService pool = StatsCollector.readers(4);
    try {
      new StatsCollector(slowEngine, "n1", pool).run();
    } finally {
      pool.shutdownNow();
    }
    assertThat(reads).hasValue(30);
    assertThat(mostAtOnce.get()).isBetween(1, 4);
  }
}
