package io.kava.e2e;

import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.kubectl.streams.LogStreams;
import io.kava.kubectl.streams.StdioCall;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test: pod streams through the API server and the kubelet beside Docker's own CLI on
 * the same container in the same run. (1) `logs` throughput of a container that printed MB megabytes as
 * fast as it could, read whole; (2) the latency of `exec -- true` until its exit code is back. Run with
 * deploy/bench.sh streams [MB] [EXECS].
 */
public final class StreamsBenchmark {
  private static final String LINE = "0123456789012345678901234567890123456789012345678901234567890123456789";

  public static void main(String[] args) throws Exception {
    long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 200;
    int execs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    // Whole lines only: Docker keeps an unfinished last line back until its newline comes.
    long lines = megabytes * 1024 * 1024 / (LINE.length() + 1);
    long bytes = lines * (LINE.length() + 1);
    try (TestCluster cluster = new TestCluster().start()) {
      Workloads workloads = new Workloads(cluster.client());
      workloads.create("""
          apiVersion: v1
          kind: Pod
          metadata:
            name: printer
          spec:
            terminationGracePeriodSeconds: 1
            containers:
            - name: printer
              image: busybox
              command: ["sh", "-c", "yes %s | head -n %d; sleep 3600"]
          """.formatted(LINE, lines));
      Pod pod = workloads.awaitReadyPod("default", "printer");
      String container = Docker.containersOfPod(pod.getMetadata().getUid(), "printer", true).get(0);
      LogStreams logs = new LogStreams(cluster.client().channel());
      LogRequest request = LogRequest.newBuilder()
          .setPod(PodRef.newBuilder().setNamespace("default").setName("printer")).setContainer("printer").build();
      // Until the container has printed everything (the first full read is also the warm-up).
      Awaitility.await("the whole log written").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
          .until(() -> kavaLogs(logs, request) == bytes);
      List<Double> kava = new ArrayList<>();
      List<Double> docker = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        kava.add(throughput(bytes, () -> check(kavaLogs(logs, request), bytes)));
        docker.add(throughput(bytes, () -> check(dockerLogs(container), bytes)));
      }
      System.out.printf("logs of a container that printed %d MiB (%d-byte lines), read whole, 3 runs each%n",
          megabytes, LINE.length() + 1);
      System.out.printf("%-50s %s MB/s%n", "kava: client -> API server -> kubelet -> docker", rates(kava));
      System.out.printf("%-50s %s MB/s%n", "docker logs (CLI, baseline)", rates(docker));

      StreamStart start = StreamStart.newBuilder()
          .setPod(PodRef.newBuilder().setNamespace("default").setName("printer")).setContainer("printer")
          .addCommand("true").build();
      List<Long> kavaExec = new ArrayList<>();
      List<Long> dockerExec = new ArrayList<>();
      for (int i = -3; i < execs; i++) { // three warm-up rounds, not counted
        long t0 = System.nanoTime();
        int code = StdioCall.exec(cluster.client().channel()).run(start, null, OutputStream.nullOutputStream(),
            OutputStream.nullOutputStream(), null);
        long t1 = System.nanoTime();
        Docker.run("docker", "exec", container, "true");
        long t2 = System.nanoTime();
        if (code != 0) {
          throw new IllegalStateException("exec true exited " + code);
        }
        if (i >= 0) {
          kavaExec.add(TimeUnit.NANOSECONDS.toMillis(t1 - t0));
          dockerExec.add(TimeUnit.NANOSECONDS.toMillis(t2 - t1));
        }
      }
      System.out.printf("exec -- true until its exit code, %d runs each, one after another%n", execs);
      print("kava: in-JVM client -> API server -> kubelet", kavaExec);
      print("docker exec (CLI, baseline)", dockerExec);
      cluster.client().resource(Pod.class).delete("default", "printer");
    }
  }

  private static long kavaLogs(LogStreams logs, LogRequest request) {
    Counter counter = new Counter();
    logs.copy(request, counter);
    return counter.count.get();
  }

  private static long dockerLogs(String container) throws Exception {
    Process p = new ProcessBuilder("docker", "logs", container).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Counter counter = new Counter();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(counter);
    }
    p.waitFor(5, TimeUnit.MINUTES);
    return counter.count.get();
  }

  private interface Timed {
    void run() throws Exception;
  }

  private static double throughput(long bytes, Timed read) throws Exception {
    long t0 = System.nanoTime();
    read.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    return bytes / 1e6 / seconds;
  }

  private static void check(long got, long want) {
    if (got != want) {
      throw new IllegalStateException("read " + got + " bytes, expected " + want);
    }
  }

  private static String rates(List<Double> rates) {
    List<String> s = new ArrayList<>();
    rates.forEach(r -> s.add(String.format("%.0f", r)));
    List<Double> sorted = new ArrayList<>(rates);
    Collections.sort(sorted);
    return String.join(" / ", s) + " (median " + String.format("%.0f", sorted.get(sorted.size() / 2)) + ")";
  }

  private static void print(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("%-50s n=%d p50=%d ms p90=%d ms min=%d ms max=%d ms%n", what, sorted.size(),
        sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1), sorted.get(0),
        sorted.get(sorted.size() - 1));
  }

  private static final class Counter extends OutputStream {
    final AtomicLong count = new AtomicLong();

    @Override
    public void write(int b) {
      count.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count.addAndGet(len);
    }
  }
}
