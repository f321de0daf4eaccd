package io.kava.kubectl.top;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.metrics.v1beta1.ContainerMetrics;
import io.kava.api.metrics.v1beta1.NodeMetrics;
import io.kava.api.metrics.v1beta1.NodeMetricsList;
import io.kava.api.metrics.v1beta1.PodMetrics;
import io.kava.api.metrics.v1beta1.PodMetricsList;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `kavactl top` against a fake API server: kubectl's tables and kubectl's messages when there are no figures. */
class TopCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private static PodMetrics pod(String ns, String name, String cpu, String memory) {
    return PodMetrics.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName(name))
        .addContainers(ContainerMetrics.newBuilder().setName("app").putUsage("cpu", cpu).putUsage("memory", memory))
        .build();
  }

  @Test
  void topPodsPrintsKubectlsColumns() {
    api.metrics(NodeMetricsList.getDefaultInstance(), PodMetricsList.newBuilder()
        .addItems(pod("default", "web", "1500000n", "10485760")).addItems(pod("default", "burn", "199000000n", "1048576"))
        .addItems(pod("other", "x", "1m", "1Mi")).build());

    Result r = cli.run("top", "pods", "--sort-by=cpu");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("NAME   CPU(cores)   MEMORY(bytes)\nburn   199m         1Mi\nweb    2m           10Mi\n");
    assertThat(cli.run("top", "pods", "-A").out()).startsWith("NAMESPACE   NAME   CPU(cores)   MEMORY(bytes)\n");
  }

  @Test
  void topNodesPrintsPercentOfAllocatable() {
    api.seed(Node.newBuilder().setApiVersion("v1").setKind("Node").setMetadata(ObjectMeta.newBuilder().setName("n1"))
        .setStatus(NodeStatus.newBuilder().putAllocatable("cpu", "2").putAllocatable("memory", "1Gi")).build());
    api.metrics(NodeMetricsList.newBuilder().addItems(NodeMetrics.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("n1")).putUsage("cpu", "500m").putUsage("memory", "256Mi")).build(),
        PodMetricsList.getDefaultInstance());

    Result r = cli.run("top", "nodes");

    assertThat(r.out()).isEqualTo("NAME   CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)\nn1     500m         25%      256Mi           25%\n");
  }

  @Test
  void noFiguresYetForExistingPodsIsAnError() {
    api.seed(Objects.pod("default", "web", Duration.ofSeconds(5)));

    Result r = cli.run("top", "pods");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: metrics not available yet\n");
    assertThat(cli.run("top", "pod", "web").err()).isEqualTo("error: Metrics not available for pod default/web, age: 5s\n");
  }

  @Test
  void noPodsAtAllIsNoResourcesFound() {
    Result r = cli.run("top", "pods", "-n", "empty");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEqualTo("No resources found in empty namespace.\n");
  }

  @Test
  void aServerWithoutMetricsSaysSo() {
    api.metricsServed(false);

    Result r = cli.run("top", "nodes");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: Metrics API not available\n");
  }

  @Test
  void sortByIsCpuOrMemory() {
    Result r = cli.run("top", "pods", "--sort-by", "name");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: --sort-by accepts only cpu or memory\n");
  }
}
