package io.kava.kubelet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodDNSConfig;
import io.kava.api.core.v1.PodDNSConfigOption;
import io.kava.kubelet.testing.TestPods;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Upstream's pkg/kubelet/network/dns tests (GetPodDNS, parseResolvConf, limits), as pure inputs to text. */
class PodResolvConfTest {
  private static final PodResolvConf.Settings CLUSTER =
      new PodResolvConf.Settings(List.of("10.96.0.10"), "cluster.local");
  private static final Optional<ResolvConf> HOST =
      Optional.of(ResolvConf.parse("nameserver 10.255.255.53\nsearch corp.example lab.example\noptions timeout:2\n"));

  private static Pod pod(String namespace, String policy, boolean hostNetwork) {
    Pod p = TestPods.pod("web", "node-a", TestPods.container("app"));
    return p.toBuilder().setMetadata(p.getMetadata().toBuilder().setNamespace(namespace))
        .setSpec(p.getSpec().toBuilder().setDnsPolicy(policy).setHostNetwork(hostNetwork)).build();
  }

  private static Pod withDnsConfig(Pod p, PodDNSConfig config) {
    return p.toBuilder().setSpec(p.getSpec().toBuilder().setDnsConfig(config)).build();
  }

  @Test
  void clusterFirstUsesTheClusterServerAndSearchesTheNamespaceThenTheHostsDomains() {
    PodResolvConf.Result r = PodResolvConf.build(pod("shop", "ClusterFirst", false), CLUSTER, HOST);
    assertThat(r.text()).isEqualTo("""
        nameserver 10.96.0.10
        search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
        options ndots:5
        """);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void anUnsetPolicyIsClusterFirstAndSeveralClusterServersAreAllWritten() {
    var two = new PodResolvConf.Settings(List.of("10.96.0.10", "10.96.0.11"), "cluster.local");
    PodResolvConf.Result r = PodResolvConf.build(pod("default", "", false), two, Optional.empty());
    assertThat(r.text()).isEqualTo("""
        nameserver 10.96.0.10
        nameserver 10.96.0.11
        search default.svc.cluster.local svc.cluster.local cluster.local
        options ndots:5
        """);
  }

  @Test
  void hostDomainsAlreadyInTheClusterListAreNotRepeated() {
    Optional<ResolvConf> host = Optional.of(ResolvConf.parse("nameserver 10.255.255.53\nsearch cluster.local. other\n"));
    assertThat(PodResolvConf.build(pod("a", "ClusterFirst", false), CLUSTER, host).conf().searches())
        .containsExactly("a.svc.cluster.local", "svc.cluster.local", "cluster.local", "other");
  }

  @Test
  void defaultIsTheHostsFile() {
    assertThat(PodResolvConf.build(pod("shop", "Default", false), CLUSTER, HOST).text()).isEqualTo("""
        nameserver 10.255.255.53
        search corp.example lab.example
        options timeout:2
        """);
  }

  @Test
  void defaultDropsLoopbackAndIpv6NameserversAsDockerDoesOnThePodNetwork() {
    Optional<ResolvConf> host = Optional.of(ResolvConf.parse(
        "nameserver 127.0.0.53\nnameserver ::1\nnameserver 10.1.1.1\nnameserver fe80::1\n"));
    assertThat(PodResolvConf.build(pod("a", "Default", false), CLUSTER, host).conf().nameservers())
        .containsExactly("10.1.1.1");
    // In the host's own network namespace a loopback resolver works.
    assertThat(PodResolvConf.build(pod("a", "Default", true), CLUSTER, host).conf().nameservers())
        .containsExactly("127.0.0.53", "::1", "10.1.1.1");
  }

  @Test
  void onlyLoopbackNameserversLeaveNoneAndAWarning() {
    Optional<ResolvConf> host = Optional.of(ResolvConf.parse("nameserver 127.0.0.53\nsearch corp.example\n"));
    PodResolvConf.Result r = PodResolvConf.build(pod("a", "Default", false), CLUSTER, host);
    assertThat(r.text()).isEqualTo("search corp.example\n");
    assertThat(r.warnings()).extracting(PodResolvConf.Warning::reason).containsExactly("DNSConfigForming");
  }

  @Test
  void hostNetworkPodsFallBackToDefaultUnlessClusterFirstWithHostNet() {
    assertThat(PodResolvConf.build(pod("a", "ClusterFirst", true), CLUSTER, HOST).conf().nameservers())
        .containsExactly("10.255.255.53");
    assertThat(PodResolvConf.build(pod("a", "ClusterFirstWithHostNet", true), CLUSTER, HOST).text())
        .isEqualTo("""
            nameserver 10.96.0.10
            search a.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
            options ndots:5
            """);
    // ClusterFirstWithHostNet on the pod network is plain ClusterFirst.
    assertThat(PodResolvConf.build(pod("a", "ClusterFirstWithHostNet", false), CLUSTER, HOST).conf().nameservers())
        .containsExactly("10.96.0.10");
  }

  @Test
  void withoutAClusterDnsServerClusterFirstFallsBackToDefaultWithAnEvent() {
    var none = new PodResolvConf.Settings(List.of(), "cluster.local");
    PodResolvConf.Result r = PodResolvConf.build(pod("a", "ClusterFirst", false), none, HOST);
    assertThat(r.conf().nameservers()).containsExactly("10.255.255.53");
    assertThat(r.warnings()).singleElement().satisfies(w -> {
      assertThat(w.reason()).isEqualTo("MissingClusterDNS");
      assertThat(w.message()).contains("kubelet does not have ClusterDNS IP configured and cannot create Pod using"
          + " \"ClusterFirst\" policy. Falling back to \"Default\" policy.");
    });
  }

  @Test
  void withoutAHostFileDefaultDisablesLookupsAsUpstream() {
    assertThat(PodResolvConf.build(pod("a", "Default", false), CLUSTER, Optional.empty()).text())
        .isEqualTo("nameserver 127.0.0.1\nsearch .\n");
  }

  @Test
  void noneUsesOnlyDnsConfig() {
    Pod p = withDnsConfig(pod("a", "None", false), PodDNSConfig.newBuilder()
        .addNameservers("192.0.2.1").addSearches("ns1.svc.cluster-domain.example").addSearches("my.dns.search.suffix")
        .addOptions(PodDNSConfigOption.newBuilder().setName("ndots").setValue("2"))
        .addOptions(PodDNSConfigOption.newBuilder().setName("edns0")).build());
    // The example of the Kubernetes docs' "Pod's DNS Config".
    assertThat(PodResolvConf.build(p, CLUSTER, HOST).text()).isEqualTo("""
        nameserver 192.0.2.1
        search ns1.svc.cluster-domain.example my.dns.search.suffix
        options ndots:2 edns0
        """);
    assertThat(PodResolvConf.build(pod("a", "None", false), CLUSTER, HOST).text()).isEmpty();
  }

  @Test
  void dnsConfigMergesIntoClusterFirstWithoutDuplicatesAndReplacesOptionsByName() {
    Pod p = withDnsConfig(pod("a", "ClusterFirst", false), PodDNSConfig.newBuilder()
        .addNameservers("10.96.0.10").addNameservers("192.0.2.2")
        .addSearches("svc.cluster.local").addSearches("extra.example")
        .addOptions(PodDNSConfigOption.newBuilder().setName("ndots").setValue("1"))
        .addOptions(PodDNSConfigOption.newBuilder().setName("single-request-reopen")).build());
    assertThat(PodResolvConf.build(p, CLUSTER, HOST).text()).isEqualTo("""
        nameserver 10.96.0.10
        nameserver 192.0.2.2
        search a.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example extra.example
        options ndots:1 single-request-reopen
        """);
  }

  @Test
  void atMostThreeNameserversAndThirtyTwoSearchDomains() {
    PodDNSConfig.Builder config = PodDNSConfig.newBuilder()
        .addAllNameservers(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"));
    IntStream.range(0, 40).forEach(i -> config.addSearches("d" + i + ".example"));
    PodResolvConf.Result r = PodResolvConf.build(withDnsConfig(pod("a", "None", false), config.build()), CLUSTER, HOST);
    assertThat(r.conf().nameservers()).containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3");
    assertThat(r.conf().searches()).hasSize(32).startsWith("d0.example").endsWith("d31.example");
    assertThat(r.warnings()).extracting(PodResolvConf.Warning::message).containsExactly(
        "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is:"
            + " 192.0.2.1 192.0.2.2 192.0.2.3",
        "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: "
            + String.join(" ", r.conf().searches()));
  }

  @Test
  void overLongSearchDomainsAndLinesAreCut() {
    List<String> searches = new ArrayList<>();
    searches.add("x".repeat(254)); // longer than a domain may be
    for (int i = 0; i < 10; i++) {
      searches.add(i + "y".repeat(249)); // 250 characters each: ten make a line of 2509
    }
    PodDNSConfig config = PodDNSConfig.newBuilder().addAllSearches(searches).build();
    List<String> kept = PodResolvConf.build(withDnsConfig(pod("a", "None", false), config), CLUSTER, HOST)
        .conf().searches();
    assertThat(kept).hasSize(8).allMatch(s -> s.length() == 250);
    assertThat(String.join(" ", kept).length()).isLessThanOrEqualTo(PodResolvConf.MAX_SEARCH_LINE_CHARS);
  }

  @Test
  void parsesResolvConfAsUpstream() {
    // Cases of upstream's TestParseResolvConf.
    assertThat(ResolvConf.parse("")).isEqualTo(ResolvConf.EMPTY);
    assertThat(ResolvConf.parse("nameserver 1.2.3.4")).isEqualTo(new ResolvConf(List.of("1.2.3.4"), List.of(), List.of()));
    assertThat(ResolvConf.parse(" nameserver 1.2.3.4 \n nameserver 2.3.4.5 ").nameservers())
        .containsExactly("1.2.3.4", "2.3.4.5");
    assertThat(ResolvConf.parse("search foo bar\nsearch baz").searches()).containsExactly("baz");
    assertThat(ResolvConf.parse("search foo. bar. .").searches()).containsExactly("foo", "bar");
    assertThat(ResolvConf.parse("#comment\nnameserver 1.2.3.4\n#nameserver 5.6.7.8").nameservers())
        .containsExactly("1.2.3.4");
    assertThat(ResolvConf.parse("options ndots:5 attempts:2\noptions ndots:1").options())
        .containsExactly("ndots:1", "attempts:2");
  }
}
