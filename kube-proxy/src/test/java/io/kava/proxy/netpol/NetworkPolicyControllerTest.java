package io.kava.proxy.netpol;

import static io.kava.proxy.netpol.NetworkPolicyRulesTest.CLIENT;
import static io.kava.proxy.netpol.NetworkPolicyRulesTest.SERVER;
import static io.kava.proxy.netpol.NetworkPolicyRulesTest.namespace;
import static io.kava.proxy.netpol.NetworkPolicyRulesTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.proxy.ChainNames;
import io.kava.proxy.iptables.FakeIptables;
import io.kava.proxy.iptables.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller against fake iptables: what it writes, that a second sync writes nothing, the jump's place. */
class NetworkPolicyControllerTest {
  private final ChainNames names = new ChainNames("KV1");
  private final FakeIptables iptables = new FakeIptables();
  private final List<NetworkPolicy> policies = new ArrayList<>();
  private final List<Pod> pods = new ArrayList<>(List.of(SERVER, CLIENT));
  private final NetworkPolicyController controller = new NetworkPolicyController(iptables, names,
      () -> List.copyOf(policies), () -> List.copyOf(pods), () -> List.of(namespace("default", "")));
  private final List<String> jump = List.of("-m", "comment", "--comment", PolicyJump.COMMENT, "-j", "KV1-NETPOL");

  @Test
  void theFirstSyncWritesTheChainsAndPutsTheJumpAtTheTopOfForward() {
    iptables.addRule(Table.FILTER, "FORWARD", List.of("-j", "KV1-FORWARD"));
    controller.reconcile(NetworkPolicyController.KEY);
    assertThat(iptables.chains(Table.FILTER)).contains("KV1-NETPOL");
    assertThat(iptables.rules(Table.FILTER, "FORWARD").get(0)).isEqualTo(jump);
  }

  @Test
  void aSecondSyncWithNothingChangedWritesNothing() {
    policies.add(policy("default", "deny", "podSelector: {}"));
    controller.reconcile(NetworkPolicyController.KEY);
    int restores = iptables.restores.size();
    controller.reconcile(NetworkPolicyController.KEY);
    assertThat(iptables.restores).hasSize(restores);
    assertThat(iptables.rules(Table.FILTER, "FORWARD")).containsExactly(jump);
  }

  @Test
  void aDeletedPolicysPodChainsAreDeleted() {
    policies.add(policy("default", "deny", "podSelector: {}"));
    controller.reconcile(NetworkPolicyController.KEY);
    String serverChain = names.podIngressChain("default/server");
    assertThat(iptables.chains(Table.FILTER)).contains(serverChain);
    policies.clear();
    controller.reconcile(NetworkPolicyController.KEY);
    assertThat(iptables.chains(Table.FILTER)).doesNotContain(serverChain);
    assertThat(iptables.lastRestore()).contains("-X " + serverChain);
  }

  @Test
  void aChainRemovedBehindItsBackIsWrittenAgain() {
    controller.reconcile(NetworkPolicyController.KEY);
    iptables.chains(Table.FILTER).remove("KV1-NETPOL");
    controller.reconcile(NetworkPolicyController.KEY);
    assertThat(iptables.chains(Table.FILTER)).contains("KV1-NETPOL");
    assertThat(iptables.restores).hasSize(2);
  }

  @Test
  void theJumpMovesAboveAnAcceptThatGotAboveItButNotAboveAnotherClustersPolicyJump() {
    controller.reconcile(NetworkPolicyController.KEY);
    iptables.insert(Table.FILTER, "FORWARD", List.of("-j", "KV2-NETPOL"));
    controller.reconcile(NetworkPolicyController.KEY);
    assertThat(iptables.rules(Table.FILTER, "FORWARD")).containsExactly(List.of("-j", "KV2-NETPOL"), jump);

    iptables.insert(Table.FILTER, "FORWARD", List.of("-j", "KV2-FORWARD"));
    controller.reconcile(NetworkPolicyController.KEY);
    assertThat(iptables.rules(Table.FILTER, "FORWARD"))
        .containsExactly(jump, List.of("-j", "KV2-FORWARD"), List.of("-j", "KV2-NETPOL"));
  }

  @Test
  void theJumpIsFoundInRealIptablesSaveOutput() {
    String saved = """
        *filter
        :FORWARD DROP [0:0]
        -A FORWARD -d 10.96.0.0/16 -m comment --comment "kava-proxy KV1 service range guard" -j REJECT --reject-with icmp-port-unreachable
        -A FORWARD -m comment --comment "kava network policies" -j KV1-NETPOL
        -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KV1-FORWARD
        -A FORWARD -i docker0 -o docker0 -j ACCEPT
        COMMIT
        """;
    assertThat(PolicyJump.inPlace(saved, "KV1-NETPOL")).isTrue();
    assertThat(PolicyJump.inPlace(saved.replace("-j KV1-NETPOL", "-j KV1-OTHER"), "KV1-NETPOL")).isFalse();
    assertThat(PolicyJump.inPlace("-A FORWARD -j ACCEPT\n-A FORWARD -j KV1-NETPOL\n", "KV1-NETPOL")).isFalse();
  }
}
