package io.kava.proxy.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.client.codec.Manifests;
import io.kava.proxy.ChainNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Policies + pods -> the exact iptables-restore text, no iptables involved. */
public class NetworkPolicyRulesTest {
  static final ChainNames NAMES = new ChainNames("KV1");
  private final NetworkPolicyRules rules = new NetworkPolicyRules(NAMES);

  static Pod pod(String ns, String name, String ip, String labels) {
    return Manifests.parseAs("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s, labels: {%s}}
        spec:
          containers: [{name: c, image: busybox, ports: [{name: http, containerPort: 8080}]}]
        status: {phase: Running, podIP: %s}
        """.formatted(name, ns, labels, ip), Pod.class);
  }

  public static NetworkPolicy policy(String ns, String name, String spec) {
    NetworkPolicy p = Manifests.parseAs("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: %s, namespace: %s}
        spec:
        """.formatted(name, ns) + spec.indent(2), NetworkPolicy.class);
    // As the API server stores it: policyTypes defaulted.
    if (p.getSpec().getPolicyTypesCount() == 0) {
      var s = p.getSpec().toBuilder().addPolicyTypes("Ingress");
      if (s.getEgressCount() > 0) {
        s.addPolicyTypes("Egress");
      }
      p = p.toBuilder().setSpec(s).build();
    }
    return p;
  }

  static Namespace namespace(String name, String labels) {
    return Manifests.parseAs("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: %s, labels: {%s}}
        """.formatted(name, labels), Namespace.class);
  }

  public static final Pod SERVER = pod("default", "server", "172.17.0.5", "app: web");
  static final Pod CLIENT = pod("default", "client", "172.17.0.6", "access: 'true'");
  static final Pod OTHER = pod("other", "probe", "172.17.0.7", "access: 'true'");

  private PolicyRuleSet render(List<NetworkPolicy> policies, Pod... pods) {
    return rules.render(policies, new PolicyPods(List.of(pods),
        List.of(namespace("default", ""), namespace("other", "team: blue"))));
  }

  private static String in(Pod pod) {
    return NAMES.podIngressChain(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
  }

  private static String out(Pod pod) {
    return NAMES.podEgressChain(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
  }

  @Test
  void withoutPoliciesOnlyRepliesAreWrittenAndNothingIsDropped() {
    PolicyRuleSet set = render(List.of(), SERVER, CLIENT);
    assertThat(set.restoreText(List.of())).isEqualTo("""
        *filter
        :KV1-NETPOL - [0:0]
        -A KV1-NETPOL -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
        COMMIT
        """);
  }

  @Test
  void aDefaultDenyIngressPolicyDropsEveryNewConnectionToEveryPodOfItsNamespace() {
    PolicyRuleSet set = render(List.of(policy("default", "deny", "podSelector: {}\npolicyTypes: [Ingress]")),
        SERVER, CLIENT, OTHER);
    assertThat(set.restoreText(List.of())).isEqualTo("""
        *filter
        :KV1-NETPOL - [0:0]
        :%2$s - [0:0]
        :%1$s - [0:0]
        -A KV1-NETPOL -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
        -A KV1-NETPOL -d 172.17.0.6/32 -m comment --comment "default/client ingress" -j %2$s
        -A KV1-NETPOL -d 172.17.0.5/32 -m comment --comment "default/server ingress" -j %1$s
        -A %2$s -m comment --comment "default/client ingress not allowed by any policy" -j DROP
        -A %1$s -m comment --comment "default/server ingress not allowed by any policy" -j DROP
        COMMIT
        """.formatted(in(SERVER), in(CLIENT)));
  }

  @Test
  void aPodSelectorPeerAllowsThePodIpsItPicksOnTheGivenPort() {
    PolicyRuleSet set = render(List.of(policy("default", "allow-access", """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{podSelector: {matchLabels: {access: 'true'}}}]
          ports: [{protocol: TCP, port: 80}, {protocol: TCP, port: http}]
        """)), SERVER, CLIENT, OTHER);
    assertThat(set.rules(in(SERVER))).containsExactly(
        "-s 172.17.0.6/32 -p tcp -m tcp --dport 80 -m comment --comment \"policy default/allow-access\" -j RETURN",
        "-s 172.17.0.6/32 -p tcp -m tcp --dport 8080 -m comment --comment \"policy default/allow-access\" -j RETURN",
        "-m comment --comment \"default/server ingress not allowed by any policy\" -j DROP");
    assertThat(set.chains()).doesNotContain(in(CLIENT), out(SERVER));
  }

  @Test
  void policiesAddUpAndAnEmptyRuleAllowsEverything() {
    PolicyRuleSet set = render(List.of(
        policy("default", "a-deny", "podSelector: {}"),
        policy("default", "b-allow-all", "podSelector: {matchLabels: {app: web}}\ningress: [{}]")), SERVER, CLIENT);
    assertThat(set.rules(in(SERVER))).containsExactly(
        "-m comment --comment \"policy default/b-allow-all\" -j RETURN",
        "-m comment --comment \"default/server ingress not allowed by any policy\" -j DROP");
    assertThat(set.rules(in(CLIENT))).hasSize(1);
  }

  @Test
  void namespaceSelectorsPickPodsOfOtherNamespacesAndByTheNameLabel() {
    PolicyRuleSet set = render(List.of(policy("default", "ns", """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{namespaceSelector: {matchLabels: {team: blue}}}]
        - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}, podSelector: {matchLabels: {access: 'true'}}}]
        """)), SERVER, CLIENT, OTHER);
    assertThat(set.rules(in(SERVER))).containsExactly(
        "-s 172.17.0.7/32 -m comment --comment \"policy default/ns\" -j RETURN",
        "-s 172.17.0.6/32 -m comment --comment \"policy default/ns\" -j RETURN",
        "-m comment --comment \"default/server ingress not allowed by any policy\" -j DROP");
  }

  @Test
  void aPolicyOfAnotherNamespaceDoesNotSelectThisNamespacesPods() {
    PolicyRuleSet set = render(List.of(policy("other", "deny", "podSelector: {}")), SERVER, CLIENT, OTHER);
    assertThat(set.chains()).containsExactlyInAnyOrder("KV1-NETPOL", in(OTHER));
  }

  @Test
  void anIpBlockWithExceptsIsAChainThatMarksAndPortRangesUseEndPort() {
    NetworkPolicy p = policy("default", "block", """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}}, {ipBlock: {cidr: 10.1.0.0/16}}]
          ports: [{protocol: UDP, port: 5000, endPort: 5010}]
        """);
    PolicyRuleSet set = render(List.of(p), SERVER);
    String block = NAMES.ipBlockChain("default/server/ingress/default/block/0/0");
    assertThat(set.rules(in(SERVER))).containsExactly(
        "-j MARK --set-xmark 0x0/0x10000",
        "-j " + block,
        "-m mark --mark 0x10000/0x10000 -m comment --comment \"policy default/block\" -j RETURN",
        "-s 10.1.0.0/16 -p udp -m udp --dport 5000:5010 -m comment --comment \"policy default/block\" -j RETURN",
        "-m comment --comment \"default/server ingress not allowed by any policy\" -j DROP");
    assertThat(set.rules(block)).containsExactly(
        "-s 172.17.1.0/24 -j RETURN",
        "-s 172.17.0.0/16 -p udp -m udp --dport 5000:5010 -j MARK --set-xmark 0x10000/0x10000");
  }

  @Test
  void egressIsCheckedFromTheSourcePodBeforeIngressAndNamedPortsResolveOnThePeer() {
    PolicyRuleSet set = render(List.of(
        policy("default", "egress", """
            podSelector: {matchLabels: {access: 'true'}}
            policyTypes: [Egress]
            egress:
            - to: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{protocol: TCP, port: http}]
            - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
              ports: [{protocol: TCP, port: http}, {protocol: TCP, port: 53}]
            """),
        policy("default", "deny-in", "podSelector: {matchLabels: {app: web}}")), SERVER, CLIENT);
    assertThat(set.rules("KV1-NETPOL")).containsExactly(
        "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
        "-s 172.17.0.6/32 -m comment --comment \"default/client egress\" -j " + out(CLIENT),
        "-d 172.17.0.5/32 -m comment --comment \"default/server ingress\" -j " + in(SERVER));
    assertThat(set.rules(out(CLIENT))).containsExactly(
        "-d 172.17.0.5/32 -p tcp -m tcp --dport 8080 -m comment --comment \"policy default/egress\" -j RETURN",
        "-d 10.0.0.0/24 -p tcp -m tcp --dport 53 -m comment --comment \"policy default/egress\" -j RETURN",
        "-m comment --comment \"default/client egress not allowed by any policy\" -j DROP");
  }

  @Test
  void podsWithoutAnIpOnTheHostNetworkOrFinishedAreLeftOut() {
    Pod pending = pod("default", "pending", "", "app: web");
    Pod done = SERVER.toBuilder().setStatus(SERVER.getStatus().toBuilder().setPhase("Succeeded")).build();
    Pod host = CLIENT.toBuilder().setSpec(CLIENT.getSpec().toBuilder().setHostNetwork(true)).build();
    PolicyRuleSet set = render(List.of(policy("default", "deny", "podSelector: {}")), pending, done, host);
    assertThat(set.chains()).containsExactly("KV1-NETPOL");
  }

  @Test
  void staleChainsAreFlushedAndDeletedAfterTheRules() {
    String stale = NAMES.podIngressChain("default/gone");
    assertThat(render(List.of()).restoreText(List.of(stale))).isEqualTo("""
        *filter
        :KV1-NETPOL - [0:0]
        :%1$s - [0:0]
        -A KV1-NETPOL -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
        -X %1$s
        COMMIT
        """.formatted(stale));
  }
}
