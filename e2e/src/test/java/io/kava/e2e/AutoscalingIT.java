package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metrics and the HorizontalPodAutoscaler on real processes and real Docker (issue 11): a Deployment
 * whose pods burn CPU (a busy loop held to 200m by its limit, requesting 50m) shows its use in `kavactl
 * top pods` as `docker stats` measures it; `kavactl autoscale --cpu-percent 50` then grows it to its
 * maximum of 3, and once the loops stop (each pod is told to idle) it shrinks back to 1 after the
 * downscale stabilization window. The kubelets read stats every 2 s and the HPA controller syncs every
 * 2 s with an 8 s window (--stats-collection-period, --horizontal-pod-autoscaler-*), so the class takes
 * well under a minute.
 */
class AutoscalingIT {
  private static final String NS = "default";
  private static final Duration CONVERGE = Duration.ofSeconds(40);
  private static final String BURN = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: burn
      spec:
        replicas: 1
        selector:
          matchLabels: {app: burn}
        template:
          metadata:
            labels: {app: burn}
          spec:
            terminationGracePeriodSeconds: 1
            containers:
            - name: burn
              image: busybox
              command: ["sh", "-c", "while [ ! -f /tmp/idle ]; do :; done; trap 'exit 0' TERM; while true; do sleep 1; done"]
              resources:
                requests: {cpu: 50m}
                limits: {cpu: 200m}
      """;

  private static TestCluster cluster;
  private static KavaClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().withKubeletArgs("--stats-collection-period", "2s")
        .withControllerManagerArgs("--horizontal-pod-autoscaler-sync-period", "2s",
            "--horizontal-pod-autoscaler-downscale-stabilization", "8s")
        .start();
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void topShowsTheBusyPodAndTheAutoscalerScalesUpUnderLoadAndBackDownAfterIt() {
    new Workloads(client).create(BURN);
    await("kavactl top pods shows the busy loop").atMost(CONVERGE).pollInterval(Duration.ofSeconds(1))
        .until(() -> topMilliCpu() >= 100);
    await("kavactl top pods agrees with docker stats").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> {
          long kava = topMilliCpu();
          long docker = dockerMilliCpu();
          return docker > 0 && Math.abs(kava - docker) <= Math.max(docker / 5, 20);
        });

    try (KavactlRun autoscale = KavactlRun.capturing(cluster.adminConfig())) {
      assertThat(autoscale.run("autoscale", "deployment", "burn", "--min", "1", "--max", "3", "--cpu-percent", "50"))
          .as(autoscale.err()).isZero();
      assertThat(autoscale.out()).isEqualTo("horizontalpodautoscaler.autoscaling/burn autoscaled\n");
    }
    await("the HPA scales the Deployment up to its maximum").atMost(CONVERGE).pollInterval(Duration.ofMillis(500))
        .until(() -> replicas() == 3);
    // The controller writes the HPA's status after the scale (upstream's order): the status may lag the replicas.
    HorizontalPodAutoscaler hpa = await("the HPA's status records the rescale").atMost(Duration.ofSeconds(10))
        .until(() -> client.resource(HorizontalPodAutoscaler.class).get(NS, "burn"),
            h -> !h.getStatus().getLastScaleTime().isEmpty());
    assertThat(hpa.getStatus().getConditionsList()).anyMatch(c -> c.getType().equals("ScalingActive")
        && c.getStatus().equals("True") && c.getReason().equals("ValidMetricFound"));
    await("a SuccessfulRescale event").atMost(Duration.ofSeconds(10)).until(() -> client.resource(Event.class)
        .list(ListOptions.inNamespace(NS)).items().stream().anyMatch(e -> e.getReason().equals("SuccessfulRescale")
            && e.getMessage().startsWith("New size: 3; reason: cpu resource utilization (percentage of request) above target")));
    try (KavactlRun get = KavactlRun.capturing(cluster.adminConfig())) {
      assertThat(get.run("get", "hpa")).as(get.err()).isZero();
      List<String> lines = get.out().lines().toList();
      assertThat(lines.get(0)).matches("NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE");
      assertThat(lines.get(1)).matches("burn +Deployment/burn +cpu: (\\d+%|<unknown>)/50% +1 +3 +\\d +\\S+");
    }

    await("every burning pod runs").atMost(CONVERGE).until(() -> running().size() == 3);
    for (Pod pod : running()) {
      assertThat(PodShell.exec(pod, "burn", "touch", "/tmp/idle").ok()).isTrue();
    }
    await("the HPA scales back down once the stabilization window passed").atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(500)).until(() -> replicas() == 1);
  }

  private static int replicas() {
    return client.resource(Deployment.class).get(NS, "burn").getSpec().getReplicas();
  }

  private static List<Pod> running() {
    return client.resource(Pod.class).list(ListOptions.inNamespace(NS).withLabelSelector("app=burn")).items().stream()
        .filter(p -> p.getStatus().getPhase().equals("Running") && p.getMetadata().getDeletionTimestamp().isEmpty())
        .toList();
  }

  /** The first burn pod's CPU as `kavactl top pods` prints it ("198m"), -1 while there is none. */
  private static long topMilliCpu() {
    try (KavactlRun top = KavactlRun.capturing(cluster.adminConfig())) {
      if (top.run("top", "pods", "-l", "app=burn", "--no-headers") != 0) {
        return -1;
      }
      String[] cells = top.out().lines().findFirst().orElse("").trim().split(" +");
      return cells.length == 3 && cells[1].endsWith("m") ? Long.parseLong(cells[1].replace("m", "")) : -1;
    }
  }

  /** What `docker stats` shows for the burn container, in millicores ("19.87%" of one CPU is 199m). */
  private static long dockerMilliCpu() {
    List<Pod> pods = running();
    if (pods.isEmpty()) {
      return -1;
    }
    List<String> ids = Docker.containersOfPod(pods.get(0).getMetadata().getUid(), "burn", true);
    if (ids.isEmpty()) {
      return -1;
    }
    List<String> out = Docker.run("docker", "stats", "--no-stream", "--format", "{{.CPUPerc}}", ids.get(0));
    String percent = out.isEmpty() ? "" : out.get(0).trim().replace("%", "");
    return percent.isEmpty() ? -1 : Math.round(Double.parseDouble(percent) * 10);
  }
}
