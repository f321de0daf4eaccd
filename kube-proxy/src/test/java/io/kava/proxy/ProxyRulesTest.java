package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact iptables-restore text for representative services, checked line by line against upstream's rules. */
class ProxyRulesTest {
  private static final ChainNames NAMES = new ChainNames("KT");
  private static final ProxyRules RULES = new ProxyRules(NAMES, "172.17.0.0/16", true);

  private static final String FILTER_HEAD = """
      *filter
      :KT-SERVICES - [0:0]
      :KT-EXTERNAL-SERVICES - [0:0]
      :KT-FORWARD - [0:0]
      :KT-FIREWALL - [0:0]
      -A KT-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
      """;
  private static final String FILTER_TAIL = """
      -A KT-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
      -A KT-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      -A KT-FORWARD -m comment --comment "kava pod to pod traffic" -s 172.17.0.0/16 -d 172.17.0.0/16 -j ACCEPT
      COMMIT
      *nat
      :KT-SERVICES - [0:0]
      :KT-NODEPORTS - [0:0]
      :KT-POSTROUTING - [0:0]
      :KT-MARK-MASQ - [0:0]
      """;
  private static final String NAT_FIXED = """
      -A KT-POSTROUTING -m comment --comment "kava pod traffic leaving the cluster CIDR" -s 172.17.0.0/16 ! -d 172.17.0.0/16 -j MASQUERADE --random-fully
      -A KT-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
      -A KT-POSTROUTING -j MARK --xor-mark 0x4000
      -A KT-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
      -A KT-MARK-MASQ -j MARK --or-mark 0x4000
      """;
  private static final String NAT_TAIL = """
      -A KT-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KT-NODEPORTS
      COMMIT
      """;

  private static ServicePortInfo port(String name, String portName, String protocol, String ip, int port, int nodePort,
      int sticky, Endpoint... endpoints) {
    return new ServicePortInfo("ns1", name, portName, protocol, ip, port, nodePort, sticky, List.of(endpoints));
  }

  @Test
  void clusterIpWithTwoEndpointsBalancesRandomlyAndMasqueradesHairpinAndOffClusterTraffic() {
    String text = RULES.render(List.of(port("svc1", "p80", "TCP", "10.96.0.41", 80, 0, 0,
        Endpoint.ready("172.17.0.3", 8080), Endpoint.ready("172.17.0.2", 8080)))).restoreText(List.of());

    assertThat(text).isEqualTo(FILTER_HEAD + FILTER_TAIL + """
        :KT-SVC-XPGD46QRK7WJZT7O - [0:0]
        :KT-SEP-KZYZRX4ESN73776O - [0:0]
        :KT-SEP-CKNLHNOQLNIUWLWH - [0:0]
        """ + NAT_FIXED + """
        -A KT-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 10.96.0.41 --dport 80 -j KT-SVC-XPGD46QRK7WJZT7O
        -A KT-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 10.96.0.41 --dport 80 ! -s 172.17.0.0/16 -j KT-MARK-MASQ
        -A KT-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 172.17.0.2:8080" -m statistic --mode random --probability 0.5000000000 -j KT-SEP-KZYZRX4ESN73776O
        -A KT-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 172.17.0.3:8080" -j KT-SEP-CKNLHNOQLNIUWLWH
        -A KT-SEP-KZYZRX4ESN73776O -m comment --comment ns1/svc1:p80 -s 172.17.0.2 -j KT-MARK-MASQ
        -A KT-SEP-KZYZRX4ESN73776O -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 172.17.0.2:8080
        -A KT-SEP-CKNLHNOQLNIUWLWH -m comment --comment ns1/svc1:p80 -s 172.17.0.3 -j KT-MARK-MASQ
        -A KT-SEP-CKNLHNOQLNIUWLWH -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 172.17.0.3:8080
        """ + NAT_TAIL);
  }

  @Test
  void threeEndpointsGetOneThirdThenOneHalfThenTheRest() {
    String text = RULES.render(List.of(port("svc1", "", "TCP", "10.96.0.41", 80, 0, 0,
        Endpoint.ready("172.17.0.2", 80), Endpoint.ready("172.17.0.3", 80), Endpoint.ready("172.17.0.4", 80))))
        .restoreText(List.of());

    assertThat(text).containsSubsequence(
        "--probability 0.3333333333 -j KT-SEP-", "--probability 0.5000000000 -j KT-SEP-",
        "-A KT-SVC-");
    assertThat(text.lines().filter(l -> l.contains("--probability"))).hasSize(2);
  }

  @Test
  void nodePortEntersThroughTheExtChainWhichMasqueradesThenBalances() {
    String text = RULES.render(List.of(port("web", "", "TCP", "10.96.0.42", 80, 30080, 0,
        Endpoint.ready("172.17.0.2", 80)))).restoreText(List.of());

    assertThat(text).isEqualTo(FILTER_HEAD + FILTER_TAIL + """
        :KT-SVC-HVJJYLSWUQPHPYT5 - [0:0]
        :KT-EXT-HVJJYLSWUQPHPYT5 - [0:0]
        :KT-SEP-R4WHR7FYBMCXABDD - [0:0]
        """ + NAT_FIXED + """
        -A KT-SERVICES -m comment --comment "ns1/web cluster IP" -m tcp -p tcp -d 10.96.0.42 --dport 80 -j KT-SVC-HVJJYLSWUQPHPYT5
        -A KT-NODEPORTS -m comment --comment ns1/web -m tcp -p tcp --dport 30080 -j KT-EXT-HVJJYLSWUQPHPYT5
        -A KT-SVC-HVJJYLSWUQPHPYT5 -m comment --comment "ns1/web cluster IP" -m tcp -p tcp -d 10.96.0.42 --dport 80 ! -s 172.17.0.0/16 -j KT-MARK-MASQ
        -A KT-EXT-HVJJYLSWUQPHPYT5 -m comment --comment "masquerade traffic for ns1/web external destinations" -j KT-MARK-MASQ
        -A KT-EXT-HVJJYLSWUQPHPYT5 -j KT-SVC-HVJJYLSWUQPHPYT5
        -A KT-SVC-HVJJYLSWUQPHPYT5 -m comment --comment "ns1/web -> 172.17.0.2:80" -j KT-SEP-R4WHR7FYBMCXABDD
        -A KT-SEP-R4WHR7FYBMCXABDD -m comment --comment ns1/web -s 172.17.0.2 -j KT-MARK-MASQ
        -A KT-SEP-R4WHR7FYBMCXABDD -m comment --comment ns1/web -m tcp -p tcp -j DNAT --to-destination 172.17.0.2:80
        """ + NAT_TAIL);
  }

  @Test
  void aServiceWithoutEndpointsIsRejectedInTheFilterTableAndHasNoNatChains() {
    String text = RULES.render(List.of(port("empty", "http", "TCP", "10.96.0.43", 80, 30081, 0)))
        .restoreText(List.of());

    assertThat(text).isEqualTo(FILTER_HEAD + """
        -A KT-SERVICES -m comment --comment "ns1/empty:http has no endpoints" -m tcp -p tcp -d 10.96.0.43 --dport 80 -j REJECT
        -A KT-EXTERNAL-SERVICES -m comment --comment "ns1/empty:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30081 -j REJECT
        """ + FILTER_TAIL + NAT_FIXED + NAT_TAIL);
  }

  @Test
  void clientIpAffinityChecksRecentListsFirstAndSetsThemOnDnat() {
    String text = RULES.render(List.of(port("sticky", "", "TCP", "10.96.0.44", 80, 0, 600,
        Endpoint.ready("172.17.0.2", 80), Endpoint.ready("172.17.0.3", 80)))).restoreText(List.of());

    String svc = NAMES.serviceChain("ns1/sticky", "tcp");
    String sep2 = NAMES.endpointChain("ns1/sticky", "tcp", "172.17.0.2:80");
    String sep3 = NAMES.endpointChain("ns1/sticky", "tcp", "172.17.0.3:80");
    assertThat(text).contains(String.join("\n",
        "-A " + svc + " -m comment --comment \"ns1/sticky -> 172.17.0.2:80\" -m recent --name " + sep2
            + " --rcheck --seconds 600 --reap -j " + sep2,
        "-A " + svc + " -m comment --comment \"ns1/sticky -> 172.17.0.3:80\" -m recent --name " + sep3
            + " --rcheck --seconds 600 --reap -j " + sep3,
        "-A " + svc + " -m comment --comment \"ns1/sticky -> 172.17.0.2:80\" -m statistic --mode random"
            + " --probability 0.5000000000 -j " + sep2,
        "-A " + svc + " -m comment --comment \"ns1/sticky -> 172.17.0.3:80\" -j " + sep3,
        "-A " + sep2 + " -m comment --comment ns1/sticky -s 172.17.0.2 -j KT-MARK-MASQ",
        "-A " + sep2 + " -m comment --comment ns1/sticky -m recent --name " + sep2
            + " --set -m tcp -p tcp -j DNAT --to-destination 172.17.0.2:80"));
  }

  @Test
  void udpUsesTheUdpMatchAndItsOwnChains() {
    String text = RULES.render(List.of(port("dns", "dns", "UDP", "10.96.0.10", 53, 0, 0,
        Endpoint.ready("172.17.0.5", 53)))).restoreText(List.of());

    String svc = NAMES.serviceChain("ns1/dns:dns", "udp");
    assertThat(svc).isNotEqualTo(NAMES.serviceChain("ns1/dns:dns", "tcp"));
    assertThat(text).contains("-A KT-SERVICES -m comment --comment \"ns1/dns:dns cluster IP\" -m udp -p udp"
        + " -d 10.96.0.10 --dport 53 -j " + svc + "\n");
    assertThat(text).contains("-m comment --comment ns1/dns:dns -m udp -p udp -j DNAT --to-destination 172.17.0.5:53\n");
    assertThat(text).doesNotContain("-p tcp");
  }

  @Test
  void withoutReadyEndpointsServingTerminatingOnesTakeTheTraffic() {
    String text = RULES.render(List.of(port("roll", "", "TCP", "10.96.0.45", 80, 0, 0,
        new Endpoint("172.17.0.2", 80, false, true, true),    // terminating, still serving: used
        new Endpoint("172.17.0.3", 80, false, false, true),   // terminating, no longer serving
        new Endpoint("172.17.0.4", 80, false, false, false)))) // not ready yet
        .restoreText(List.of());

    assertThat(text).contains("-j DNAT --to-destination 172.17.0.2:80");
    assertThat(text).doesNotContain("172.17.0.3:80").doesNotContain("172.17.0.4:80").doesNotContain("REJECT");
  }

  @Test
  void readyEndpointsWinOverTerminatingOnes() {
    String text = RULES.render(List.of(port("roll", "", "TCP", "10.96.0.45", 80, 0, 0,
        new Endpoint("172.17.0.2", 80, false, true, true), Endpoint.ready("172.17.0.9", 80))))
        .restoreText(List.of());

    assertThat(text).contains("--to-destination 172.17.0.9:80").doesNotContain("172.17.0.2:80");
  }

  @Test
  void staleChainsAreFlushedAndDeletedInTheSameTransaction() {
    String text = RULES.render(List.of()).restoreText(List.of("KT-SEP-OLD", "KT-SVC-OLD"));

    assertThat(text).endsWith("""
        :KT-MARK-MASQ - [0:0]
        :KT-SEP-OLD - [0:0]
        :KT-SVC-OLD - [0:0]
        """ + NAT_FIXED + """
        -A KT-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KT-NODEPORTS
        -X KT-SEP-OLD
        -X KT-SVC-OLD
        COMMIT
        """);
  }

  @Test
  void withoutLocalhostNodePortsNoFirewallAndNoNodePortsOnLoopback() {
    String text = new ProxyRules(NAMES, "", false).render(List.of()).restoreText(List.of());

    assertThat(text).doesNotContain("KT-FIREWALL").doesNotContain("! -s");
    assertThat(text).contains("-m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KT-NODEPORTS");
  }

  /** Regression: a FORWARD accept of everything from the pod range let a pod's packet for an unprogrammed
   *  cluster IP out past the SERVICES rejects and the service range guard (KubeProxyIT caught it). */
  @Test
  void theForwardChainAcceptsNewPodTrafficOnlyWhenItStaysInThePodRange() {
    String text = RULES.render(List.of()).restoreText(List.of());

    assertThat(text.lines().filter(l -> l.startsWith("-A KT-FORWARD") && l.endsWith("-j ACCEPT")))
        .allMatch(l -> l.contains("--mark 0x4000/0x4000") || l.contains("--ctstate RELATED,ESTABLISHED")
            || l.contains("-s 172.17.0.0/16 -d 172.17.0.0/16"));
  }
}
