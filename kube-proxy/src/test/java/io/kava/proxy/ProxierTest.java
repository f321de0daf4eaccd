package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.proxy.iptables.FakeIptables;
import io.kava.proxy.iptables.Table;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxierTest {
  private static final ChainNames NAMES = new ChainNames("KT");
  private final FakeIptables iptables = new FakeIptables();
  private ServiceRangeGuard guard;
  private Proxier proxier;

  private static final ServicePortInfo WEB = new ServicePortInfo("default", "web", "", "TCP", "10.200.7.10", 80, 0, 0,
      List.of(Endpoint.ready("172.17.0.2", 80)));

  @BeforeEach
  void setUp() {
    guard = new ServiceRangeGuard(iptables, NAMES, "10.200.7.0/24");
    proxier = new Proxier(iptables, NAMES, new ProxyRules(NAMES, "172.17.0.0/16", true), guard,
        JumpRule.all(NAMES, true));
  }

  @Test
  void aFullSyncGuardsFirstThenRestoresOnceThenLinksTheChains() {
    proxier.sync(List.of(WEB), true);

    List<String> guardRule = List.of("-d", "10.200.7.0/24", "-m", "comment", "--comment",
        "kava-proxy KT service range guard", "-j", "REJECT");
    assertThat(iptables.rules(Table.FILTER, "OUTPUT")).contains(guardRule);
    assertThat(iptables.rules(Table.FILTER, "FORWARD")).contains(guardRule);
    assertThat(iptables.calls.indexOf("-I FORWARD")).isLessThan(iptables.calls.indexOf("restore"));
    assertThat(iptables.calls.stream().filter("restore"::equals)).hasSize(1);
    assertThat(iptables.rules(Table.NAT, "PREROUTING")).containsExactly(
        List.of("-m", "comment", "--comment", "kubernetes service portals", "-j", "KT-SERVICES"));
    assertThat(iptables.rules(Table.NAT, "OUTPUT")).containsExactly(
        List.of("-m", "comment", "--comment", "kubernetes service portals", "-j", "KT-SERVICES"));
    assertThat(iptables.rules(Table.NAT, "POSTROUTING")).containsExactly(
        List.of("-m", "comment", "--comment", "kubernetes postrouting rules", "-j", "KT-POSTROUTING"));
    assertThat(iptables.rules(Table.FILTER, "OUTPUT")).contains(List.of("-m", "conntrack", "--ctstate", "NEW",
        "-m", "comment", "--comment", "kubernetes service portals", "-j", "KT-SERVICES"));
  }

  @Test
  void aSecondFullSyncInsertsNothingAndAPartialSyncOnlyRestores() {
    proxier.sync(List.of(WEB), true);
    int rulesBefore = iptables.rules(Table.FILTER, "FORWARD").size();
    iptables.calls.clear();

    proxier.sync(List.of(WEB), true);
    assertThat(iptables.calls).noneMatch(c -> c.startsWith("-I"));
    assertThat(iptables.rules(Table.FILTER, "FORWARD")).hasSize(rulesBefore);

    iptables.calls.clear();
    proxier.sync(List.of(WEB), false);
    assertThat(iptables.calls).containsExactly("save nat", "restore");
  }

  @Test
  void aFullSyncRepairsADeletedJumpAndGuard() {
    proxier.sync(List.of(WEB), true);
    List<String> jump = List.of("-m", "comment", "--comment", "kubernetes service portals", "-j", "KT-SERVICES");
    iptables.delete(Table.NAT, "PREROUTING", jump);
    guard.remove();

    proxier.sync(List.of(WEB), true);

    assertThat(iptables.rules(Table.NAT, "PREROUTING")).containsExactly(jump);
    assertThat(iptables.rules(Table.FILTER, "OUTPUT")).anyMatch(r -> r.contains("10.200.7.0/24"));
  }

  @Test
  void chainsOfADeletedServiceAreDeletedButOtherClustersChainsAreLeftAlone() {
    proxier.sync(List.of(WEB), true);
    String svc = NAMES.serviceChain("default/web", "tcp");
    String sep = NAMES.endpointChain("default/web", "tcp", "172.17.0.2:80");
    assertThat(iptables.chains(Table.NAT)).contains(svc, sep);
    iptables.addChain(Table.NAT, "KUBE-SVC-XPGD46QRK7WJZT7O");
    iptables.addChain(Table.NAT, "KT2-SVC-XPGD46QRK7WJZT7O");

    proxier.sync(List.of(), false);

    assertThat(iptables.lastRestore()).contains("-X " + sep + "\n", "-X " + svc + "\n").doesNotContain("-X KUBE")
        .doesNotContain("-X KT2");
    assertThat(iptables.chains(Table.NAT)).doesNotContain(svc, sep).contains("KT-SERVICES", "KUBE-SVC-XPGD46QRK7WJZT7O",
        "KT2-SVC-XPGD46QRK7WJZT7O");
  }

  @Test
  void aFailedRestoreSurfacesToTheRunner() {
    iptables.failNextRestore = new IllegalStateException("iptables-restore: line 3 failed");
    assertThatThrownBy(() -> proxier.sync(List.of(WEB), true)).hasMessageContaining("line 3");
  }
}
