package io.kava.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Taint;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import io.kava.kubelet.testing.FakeContainerRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** --node-labels and --register-with-taints: parsed and checked as upstream's kubelet, put on a Node it creates only. */
class NodeRegistrationTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final ResourceClient<Node> nodes = client.resource(Node.class);
  private final MutableClock clock = new MutableClock();

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  private NodeStatusReporter reporter(NodeRegistration registration) {
    NodeStatusReporter reporter = new NodeStatusReporter(nodes, "n1", "127.0.0.11",
        NodeResources.detect("2", "4Gi", 110), new FakeContainerRuntime(clock), clock);
    reporter.registerWith(registration);
    return reporter;
  }

  @Test
  void flagsParseIntoLabelsAndTaints() {
    assertThat(RegistrationOptions.labels("disk=ssd, node.kubernetes.io/pool=a,topology.kubernetes.io/zone=z1"))
        .containsExactly(Map.entry("disk", "ssd"), Map.entry("node.kubernetes.io/pool", "a"),
            Map.entry("topology.kubernetes.io/zone", "z1"));
    assertThat(RegistrationOptions.taints("dedicated=db:NoSchedule,maintenance:NoExecute")).containsExactly(
        Taint.newBuilder().setKey("dedicated").setValue("db").setEffect("NoSchedule").build(),
        Taint.newBuilder().setKey("maintenance").setEffect("NoExecute").build());
    assertThat(RegistrationOptions.labels("")).isEmpty();
    assertThat(RegistrationOptions.taints("")).isEmpty();
  }

  @Test
  void badEntriesNameTheFlagAndTheEntry() {
    assertThatThrownBy(() -> RegistrationOptions.labels("disk")).hasMessage("--node-labels: \"disk\" is not key=value");
    assertThatThrownBy(() -> RegistrationOptions.labels("bad key=x")).hasMessageStartingWith("--node-labels: \"bad key\": ");
    assertThatThrownBy(() -> RegistrationOptions.labels("node-role.kubernetes.io/master=,k8s.io/x=y"))
        .hasMessageStartingWith("unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: "
            + "[k8s.io/x, node-role.kubernetes.io/master]; --node-labels in the 'kubernetes.io' namespace must begin"
            + " with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io)");
    assertThatThrownBy(() -> RegistrationOptions.taints("dedicated=db"))
        .hasMessage("--register-with-taints: \"dedicated=db\" is not key[=value]:effect");
    assertThatThrownBy(() -> RegistrationOptions.taints("dedicated=db:Sometimes"))
        .hasMessage("--register-with-taints: \"dedicated=db:Sometimes\": effect must be one of NoSchedule, PreferNoSchedule, NoExecute");
    assertThatThrownBy(() -> RegistrationOptions.taints("a:NoSchedule,a=b:NoSchedule"))
        .hasMessageContaining("a taint of the same key and effect is given twice");
  }

  @Test
  void aNodeTheKubeletCreatesStartsWithThemAndAnExistingOneKeepsItsOwn() {
    Taint dedicated = Taint.newBuilder().setKey("dedicated").setValue("db").setEffect("NoSchedule").build();
    reporter(new NodeRegistration(Map.of("disk", "ssd"), List.of(dedicated))).report();
    Node created = nodes.get("", "n1");
    assertThat(created.getMetadata().getLabelsMap()).containsEntry("disk", "ssd").containsEntry("kubernetes.io/hostname", "n1");
    assertThat(created.getSpec().getTaintsList()).containsExactly(dedicated);

    // The administrator lifts the taint and removes the label; the kubelet, restarted, puts neither back.
    nodes.update(created.toBuilder().setMetadata(created.getMetadata().toBuilder().removeLabels("disk"))
        .setSpec(created.getSpec().toBuilder().clearTaints()).build());
    reporter(new NodeRegistration(Map.of("disk", "ssd"), List.of(dedicated))).report();
    Node after = nodes.get("", "n1");
    assertThat(after.getMetadata().getLabelsMap()).doesNotContainKey("disk").containsEntry("kubernetes.io/hostname", "n1");
    assertThat(after.getSpec().getTaintsList()).isEmpty();
  }
}
