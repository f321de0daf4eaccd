package io.kava.kubectl.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private Node node(String name, boolean unschedulable) {
    return api.seed(Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(NodeSpec.newBuilder().setUnschedulable(unschedulable)).build());
  }

  private Pod podOn(Pod pod, String node) {
    return api.seed(pod.toBuilder().setSpec(PodSpec.newBuilder().setNodeName(node)).build());
  }

  @Test
  void cordonSetsUnschedulableOnceAndSaysSoAsKubectl() {
    node("n1", false);

    Result first = cli.run("cordon", "n1");
    Result again = cli.run("cordon", "n1");

    assertThat(first.out()).isEqualTo("node/n1 cordoned\n");
    assertThat(again.out()).isEqualTo("node/n1 already cordoned\n");
    assertThat(api.writes()).containsExactly("update nodes n1");
    assertThat(api.client().resource(Node.class).get("", "n1").getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void uncordonClearsIt() {
    node("n1", true);

    assertThat(cli.run("uncordon", "n1").out()).isEqualTo("node/n1 uncordoned\n");
    assertThat(cli.run("uncordon", "n1").out()).isEqualTo("node/n1 already uncordoned\n");
    assertThat(api.client().resource(Node.class).get("", "n1").getSpec().getUnschedulable()).isFalse();
  }

  @Test
  void cordonDryRunWritesNothing() {
    node("n1", false);
    assertThat(cli.run("cordon", "n1", "--dry-run=client").out()).isEqualTo("node/n1 cordoned (dry run)\n");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aMissingNodeIsAUsageErrorAndAnUnknownNodeNotFound() {
    Result none = cli.run("drain");
    Result unknown = cli.run("cordon", "ghost");

    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("error: USAGE: drain NODE [flags]\nSee 'kavactl drain -h' for help and examples\n");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("Error from server (NotFound):");
  }

  @Test
  void aBadPodSelectorOrDryRunIsRefusedBeforeAnythingIsWritten() {
    node("n1", false);
    Result selector = cli.run("drain", "n1", "--pod-selector=a in b");
    Result dryRun = cli.run("drain", "n1", "--dry-run=maybe");

    assertThat(selector.err()).isEqualTo("error: --pod-selector=<pod_selector> must be a valid label selector\n");
    assertThat(dryRun.err()).startsWith("error: Invalid dry-run value (maybe).");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void drainCordonsEvictsEveryManagedPodAndWaitsForIt() {
    node("n1", false);
    node("n2", false);
    podOn(PodFiltersTest.pod("a", "ReplicaSet"), "n1");
    podOn(PodFiltersTest.pod("b", "ReplicaSet"), "n1");
    podOn(PodFiltersTest.pod("elsewhere", "ReplicaSet"), "n2");

    Result r = cli.run("drain", "n1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("node/n1 cordoned\n").endsWith("node/n1 drained\n")
        .contains("evicting pod default/a\n", "evicting pod default/b\n", "pod/a evicted\n", "pod/b evicted\n");
    assertThat(api.writes()).contains("update nodes n1", "evict pods default/a", "evict pods default/b")
        .doesNotContain("evict pods default/elsewhere");
  }

  @Test
  void drainRefusesUnmanagedPodsWithoutForceButStaysCordoned() {
    node("n1", false);
    podOn(PodFiltersTest.pod("bare", null), "n1");

    Result refused = cli.run("drain", "n1");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).isEqualTo("node/n1 cordoned\n");
    assertThat(refused.err()).isEqualTo("error: unable to drain node \"n1\" due to error: cannot delete Pods declare no "
        + "controller (use --force to override): default/bare, continuing command...\n"
        + "There are pending nodes to be drained:\n n1\n"
        + "error: cannot delete Pods declare no controller (use --force to override): default/bare\n");
    assertThat(api.writes()).containsExactly("update nodes n1");

    Result forced = cli.run("drain", "n1", "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.err()).isEqualTo("WARNING: deleting Pods that declare no controller: default/bare\n");
    assertThat(forced.out()).isEqualTo("node/n1 already cordoned\nevicting pod default/bare\npod/bare evicted\nnode/n1 drained\n");
  }

  @Test
  void clientDryRunOnlyPrints() {
    node("n1", false);
    podOn(PodFiltersTest.pod("a", "ReplicaSet"), "n1");

    Result r = cli.run("drain", "n1", "--dry-run=client");

    assertThat(r.out()).isEqualTo("node/n1 cordoned (dry run)\nevicting pod default/a (dry run)\nnode/n1 drained (dry run)\n");
    assertThat(api.writes()).isEmpty();
  }
}
