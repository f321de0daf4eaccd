package io.kava.e2e;

import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import io.kava.testcontainers.KavaContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * {@code deploy/bench.sh kava-container [ROUNDS]}: KavaContainer start() to Ready (node Ready, as a test sees
 * it) with the image built afresh ("cold": deploy/images/kava/build.sh --force, the cached Debian base kept)
 * and with it present ("warm"), beside Testcontainers starting the etcd container kava/etcd (the
 * integration tests' own) in the same run; the running cluster container's memory. Each round starts
 * and removes its containers.
 */
public final class KavaContainerBenchmark {
  private KavaContainerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    String loadBefore = ApiBenchServer.loadAverage();

    long buildStart = System.nanoTime();
    // bench.sh runs benchmarks from e2e/.
    run("bash", Path.of("..", "deploy/images/kava/build.sh").toString(), "--force");
    double coldBuild = seconds(System.nanoTime() - buildStart);
    double coldStart = startToReady(null);

    Samples kava = new Samples();
    Samples etcd = new Samples();
    double[] memory = {0, 0};
    for (int i = 0; i < rounds; i++) {
      etcd.add(etcdStart());
      kava.add(startToReady(memory));
    }

    new BenchReport("kava-container", "KavaContainer start to Ready beside Testcontainers' etcd container, " + rounds + " warm rounds")
        .figure("image build (cold, Debian base cached)", coldBuild, "s", "", "")
        .figure("start to Ready, first after the build", coldStart, etcd.p50(), "s", "")
        .figure("start to Ready, warm p50", kava.p50(), etcd.p50(), "s", "")
        .figure("start to Ready, warm max", kava.max(), etcd.max(), "s", "")
        .figure("RSS of every process in the container", memory[0], "MB", "", "")
        .figure("container memory (cgroup, page cache included)", memory[1], "MB", "", "")
        .note("Baseline: Testcontainers' GenericContainer of kava/etcd:3.4.23 (start to its \"ready to serve\" line). "
            + "Load average before: " + loadBefore + ", after: " + ApiBenchServer.loadAverage()
            + ". The Debian base (debootstrap, deploy/images/kava/base.sh) is built once per package list and not timed here.")
        .write(args);
  }

  /** Seconds from start() to its return (the node Ready); fills MEMORY with the container's RSS and cgroup use. */
  private static double startToReady(double[] memory) throws Exception {
    try (KavaContainer kava = new KavaContainer()) {
      long start = System.nanoTime();
      kava.start();
      double took = seconds(System.nanoTime() - start);
      if (memory != null) {
        var rss = kava.execInContainer("sh", "-c", "ps -eo rss= | awk '{s += $1} END {print s}'");
        memory[0] = Double.parseDouble(rss.getStdout().strip()) / 1024;
        var usage = kava.execInContainer("sh", "-c", "cat /sys/fs/cgroup/memory/memory.usage_in_bytes");
        memory[1] = Double.parseDouble(usage.getStdout().strip()) / (1024 * 1024);
      }
      return took;
    }
  }

  private static double etcdStart() {
    try (GenericContainer<?> etcd = new GenericContainer<>("kava/etcd:3.4.23")
        .withExposedPorts(2379)
        .waitingFor(Wait.forLogMessage(".*ready to serve client requests.*", 1).withStartupTimeout(Duration.ofMinutes(1)))) {
      long start = System.nanoTime();
      etcd.start();
      return seconds(System.nanoTime() - start);
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(List.of(command)).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
