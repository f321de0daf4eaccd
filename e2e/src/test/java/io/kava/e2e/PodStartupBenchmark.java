package io.kava.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: pod startup latency (create of the pod object until Running is seen through a
 * watch) for N pods created one after another on a real cluster, beside docker-java create+start of the
 * same image in the same run: one bare container right before each pod, so both see the same load on a
 * shared machine. Run with deploy/bench.sh pod-startup [N].
 */
public final class PodStartupBenchmark {
  private static final String IMAGE = "kava/e2e-app:v1";
  /** Pods started first and not counted, so that each kubelet's first pod (its classes loading) is not a figure. */
  private static final int WARM_UP = 4;

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Docker.tag("kava/busybox:latest", IMAGE);
    List<Long> baseline = new ArrayList<>();
    List<Long> pods;
    PodStartupStages stages = new PodStartupStages();
    TestCluster cluster = new TestCluster();
    try (cluster; DockerClient docker = docker()) {
      for (int i = 0; i < 3; i++) {
        dockerJavaCreateStart(docker, null); // warm-up, not counted
      }
      cluster.start();
      pods = podStartup(cluster, count, docker, stages, () -> baseline.add(dockerJavaCreateStart(docker, stages)));
    }
    new BenchReport("pod-startup", "Pod startup, " + count + " pods one after another on 2 nodes (after "
        + WARM_UP + " not counted)")
        .latencies("create -> Running (watch)", "kava pod", Samples.of(pods), "docker-java create+start", Samples.of(baseline),
            "ms", "p99 <= 1.5 x baseline")
        .note("Baseline: one bare docker-java create+start of the same image right before each pod.")
        .note("Where the time went, per stage (the benchmark's clock for the API side, Docker's timestamps for the"
            + " containers; the first six stages add up to create -> Running):\n\n" + stages.table())
        .write(args);
  }

  private static List<Long> podStartup(TestCluster cluster, int count, DockerClient docker, PodStartupStages stages,
      Runnable beforeEach) throws Exception {
    ResourceClient<Pod> pods = cluster.client().resource(Pod.class);
    Map<String, Long> createdAt = new ConcurrentHashMap<>();
    Map<String, Long> runningAt = new ConcurrentHashMap<>();
    Map<String, PodStartupStages.Moments> moments = new ConcurrentHashMap<>();
    Map<String, String> uids = new ConcurrentHashMap<>();
    CountDownLatch allRunning = new CountDownLatch(count + WARM_UP);
    String rv = pods.list(ListOptions.inNamespace("default")).resourceVersion();
    Watch watch = pods.watch(ListOptions.inNamespace("default").withLabelSelector("bench=startup"), rv,
        new WatchListener<>() {
          @Override
          public void onEvent(WatchEvent<Pod> e) {
            PodStartupStages.Moments m = e.object() == null ? null : moments.get(e.object().getMetadata().getName());
            if (m != null && m.boundSeen == null && !e.object().getSpec().getNodeName().isEmpty()) {
              m.boundSeen = Instant.now();
            }
            if (m != null && m.runningSeen == null && e.object().getStatus().getPhase().equals("Running")) {
              m.runningSeen = Instant.now();
            }
            if (e.object() != null && e.object().getStatus().getPhase().equals("Running")
                && runningAt.putIfAbsent(e.object().getMetadata().getName(), System.nanoTime()) == null) {
              allRunning.countDown();
            }
          }

          @Override
          public void onClose(ApiException error) {}
        });
    for (int i = -WARM_UP; i < count; i++) {
      String name = i < 0 ? "warm-up" + (-i) : "bench-" + i;
      if (i >= 0) {
        beforeEach.run();
      }
      Pod pod = Manifests.pod("default", name, Manifests.container(IMAGE, Manifests.SERVE));
      pod = pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().putLabels("bench", "startup")).build();
      PodStartupStages.Moments m = new PodStartupStages.Moments();
      if (i >= 0) {
        moments.put(name, m);
      }
      long t0 = System.nanoTime();
      uids.put(name, pods.create(pod).getMetadata().getUid());
      m.created = Instant.now();
      if (i >= 0) {
        createdAt.put(name, t0);
      }
      // One after another: wait for this pod before the next, so each figure is one pod's latency.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!runningAt.containsKey(name) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    allRunning.await(60, TimeUnit.SECONDS);
    watch.close();
    moments.forEach((name, m) -> stages.add(docker, uids.get(name), m));
    List<Long> latencies = new ArrayList<>();
    createdAt.forEach((name, t0) -> {
      Long t1 = runningAt.get(name);
      if (t1 != null) {
        latencies.add(TimeUnit.NANOSECONDS.toMillis(t1 - t0));
      }
    });
    for (int i = -WARM_UP; i < count; i++) {
      pods.delete("default", i < 0 ? "warm-up" + (-i) : "bench-" + i);
    }
    return latencies;
  }

  private static DockerClient docker() {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix:///var/run/docker.sock").build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** One bare container's create+start in milliseconds (Docker's own timing to stages); it is removed again. */
  private static long dockerJavaCreateStart(DockerClient docker, PodStartupStages stages) {
    long t0 = System.nanoTime();
    CreateContainerResponse c = docker.createContainerCmd(IMAGE).withCmd(Manifests.SERVE)
        .withLabels(Map.of("io.kava.bench", "true")).exec();
    docker.startContainerCmd(c.getId()).exec();
    long t1 = System.nanoTime();
    if (stages != null) {
      stages.addBaseline(docker.inspectContainerCmd(c.getId()).exec());
    }
    docker.removeContainerCmd(c.getId()).withForce(true).exec();
    return TimeUnit.NANOSECONDS.toMillis(t1 - t0);
  }
}
