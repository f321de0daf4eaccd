package io.kava.dns.records;

import static io.kava.dns.records.Objects.endpoint;
import static io.kava.dns.records.Objects.externalName;
import static io.kava.dns.records.Objects.port;
import static io.kava.dns.records.Objects.service;
import static io.kava.dns.records.Objects.slice;
import static io.kava.dns.records.Objects.slicePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The zone as a pure function of Services and EndpointSlices: each record kind, and the negative answers. */
class ClusterZoneTest {
  private final FixedClusterState state = new FixedClusterState()
      .add(service("default", "my-nginx", "10.96.0.20", port("http", "TCP", 80), port("dns", "UDP", 53)))
      .add(slice("default", "my-nginx-abc", "my-nginx", List.of(endpoint("172.17.0.5", null, true)), slicePort("http", "TCP", 8080)))
      .add(service("default", "nginx", "None", port("web", "TCP", 80)))
      .add(slice("default", "nginx-1", "nginx",
          List.of(endpoint("172.17.0.7", "web-0", true), endpoint("172.17.0.8", null, null), endpoint("172.17.0.9", "web-2", false)),
          slicePort("web", "TCP", 8080)))
      .add(slice("default", "nginx-2", "nginx",
          List.of(endpoint("172.17.0.8", null, true), endpoint("172.17.0.10", "web-3", true)), slicePort("web", "TCP", 8080)))
      .add(service("default", "empty-headless", "None", port("web", "TCP", 80)))
      .add(externalName("default", "search", "www.example.com"))
      .add(externalName("default", "alias", "my-nginx.default.svc.cluster.local"))
      .add(service("kube-system", "kube-dns", "10.96.0.10", port("dns", "UDP", 53), port("dns-tcp", "TCP", 53)));
  private final ClusterZone zone = new ClusterZone(config(true), state);

  private static ZoneConfig config(boolean pods) {
    return new ZoneConfig(name("cluster.local."), 5, Ipv4Range.parse("10.96.0.0/16"), "10.96.0.10", pods);
  }

  @Test
  void aServiceNameAnswersItsClusterIp() {
    Answer a = answer("my-nginx.default.svc.cluster.local.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(addresses(a)).containsExactly("10.96.0.20");
    assertThat(a.answers().get(0).getTTL()).isEqualTo(5);
  }

  @Test
  void namesMatchWhateverTheirCaseAndTheAnswerKeepsTheQuestionsSpelling() {
    Answer a = answer("My-NGINX.Default.SVC.Cluster.Local.", Type.A);
    assertThat(addresses(a)).containsExactly("10.96.0.20");
    assertThat(a.answers().get(0).getName().toString()).isEqualTo("My-NGINX.Default.SVC.Cluster.Local.");
  }

  @Test
  void aNameWithoutTheTrailingDotIsTheSameAbsoluteName() throws TextParseException {
    Name relative = Name.fromString("my-nginx.default.svc.cluster.local", Name.root);
    assertThat(addresses(zone.answer(relative, Type.A).orElseThrow())).containsExactly("10.96.0.20");
  }

  @Test
  void aHeadlessServiceAnswersEachReadyEndpointOnceAcrossItsSlices() {
    Answer a = answer("nginx.default.svc.cluster.local.", Type.A);
    // 172.17.0.9 is not ready; 172.17.0.8 has no ready condition (ready, as upstream) and is in both slices.
    assertThat(addresses(a)).containsExactly("172.17.0.7", "172.17.0.8", "172.17.0.10");
  }

  @Test
  void aHeadlessServiceWithoutReadyEndpointsIsNoData() {
    Answer a = answer("empty-headless.default.svc.cluster.local.", Type.A);
    assertThat(a.isNoData()).isTrue();
    assertThat(a.authority()).singleElement().isInstanceOf(SOARecord.class);
  }

  @Test
  void headlessEndpointsAnswerByHostnameAndByDashedAddress() {
    assertThat(addresses(answer("web-0.nginx.default.svc.cluster.local.", Type.A))).containsExactly("172.17.0.7");
    assertThat(addresses(answer("172-17-0-8.nginx.default.svc.cluster.local.", Type.A))).containsExactly("172.17.0.8");
    assertThat(answer("web-2.nginx.default.svc.cluster.local.", Type.A).rcode()).as("not ready").isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer("web-9.nginx.default.svc.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aNamedPortOfAClusterIpServiceIsOneSrvRecordToTheServiceName() {
    Answer a = answer("_http._tcp.my-nginx.default.svc.cluster.local.", Type.SRV);
    SRVRecord srv = (SRVRecord) a.answers().get(0);
    assertThat(a.answers()).hasSize(1);
    assertThat(srv.getPort()).isEqualTo(80);
    assertThat(srv.getPriority()).isZero();
    assertThat(srv.getWeight()).isEqualTo(100);
    assertThat(srv.getTarget().toString()).isEqualTo("my-nginx.default.svc.cluster.local.");
    assertThat(addresses(a.additional())).containsExactly("10.96.0.20");
    assertThat(answer("_dns._udp.my-nginx.default.svc.cluster.local.", Type.SRV).answers()).hasSize(1);
  }

  @Test
  void aNamedPortOfAHeadlessServiceIsOneSrvRecordPerReadyEndpoint() {
    Answer a = answer("_web._tcp.nginx.default.svc.cluster.local.", Type.SRV);
    assertThat(a.answers()).extracting(r -> ((SRVRecord) r).getTarget().toString()).containsExactly(
        "web-0.nginx.default.svc.cluster.local.", "172-17-0-8.nginx.default.svc.cluster.local.",
        "web-3.nginx.default.svc.cluster.local.");
    assertThat(a.answers()).extracting(r -> ((SRVRecord) r).getPort()).containsOnly(8080);
    assertThat(a.answers()).extracting(r -> ((SRVRecord) r).getWeight()).containsOnly(33);
    assertThat(addresses(a.additional())).containsExactly("172.17.0.7", "172.17.0.8", "172.17.0.10");
  }

  @Test
  void srvNamesThatDoNotMatchAPortAreNxDomainAndTheProtocolLevelIsNoData() {
    assertThat(answer("_https._tcp.my-nginx.default.svc.cluster.local.", Type.SRV).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer("_http._udp.my-nginx.default.svc.cluster.local.", Type.SRV).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer("_tcp.my-nginx.default.svc.cluster.local.", Type.SRV).isNoData()).isTrue();
    assertThat(answer("_sctp.my-nginx.default.svc.cluster.local.", Type.SRV).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer("_http._tcp.my-nginx.default.svc.cluster.local.", Type.A).isNoData()).as("SRV name, A asked").isTrue();
  }

  @Test
  void aClusterIpHasAPtrRecordToItsService() {
    Answer a = answer("20.0.96.10.in-addr.arpa.", Type.PTR);
    assertThat(a.answers()).singleElement().extracting(r -> ((PTRRecord) r).getTarget().toString())
        .isEqualTo("my-nginx.default.svc.cluster.local.");
  }

  @Test
  void aHeadlessEndpointAddressHasAPtrRecordToItsEndpointName() {
    assertThat(answer("7.0.17.172.in-addr.arpa.", Type.PTR).answers()).singleElement()
        .extracting(r -> ((PTRRecord) r).getTarget().toString()).isEqualTo("web-0.nginx.default.svc.cluster.local.");
    assertThat(answer("8.0.17.172.in-addr.arpa.", Type.PTR).answers()).singleElement()
        .extracting(r -> ((PTRRecord) r).getTarget().toString()).isEqualTo("172-17-0-8.nginx.default.svc.cluster.local.");
  }

  @Test
  void reverseNamesInTheServiceRangeAreOursAndOthersAreNot() {
    Answer unknown = answer("99.0.96.10.in-addr.arpa.", Type.PTR);
    assertThat(unknown.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(unknown.authority()).singleElement().extracting(r -> r.getName().toString()).isEqualTo("96.10.in-addr.arpa.");
    assertThat(answer("96.10.in-addr.arpa.", Type.SOA).answers()).isEmpty();
    assertThat(zone.answer(name("1.1.168.192.in-addr.arpa."), Type.PTR)).as("outside the range").isEmpty();
    assertThat(zone.answer(name("5.0.17.172.in-addr.arpa."), Type.PTR)).as("endpoint of a ClusterIP Service").isEmpty();
    assertThat(zone.answer(name("10.in-addr.arpa."), Type.PTR)).isEmpty();
  }

  @Test
  void anExternalNameServiceIsACnameForEveryType() {
    Answer a = answer("search.default.svc.cluster.local.", Type.A);
    assertThat(a.answers()).singleElement().isInstanceOf(CNAMERecord.class)
        .extracting(r -> ((CNAMERecord) r).getTarget().toString()).isEqualTo("www.example.com.");
    assertThat(answer("search.default.svc.cluster.local.", Type.CNAME).answers()).hasSize(1);
  }

  @Test
  void aCnameIntoTheClusterZoneIsFollowedOnce() {
    Answer a = answer("alias.default.svc.cluster.local.", Type.A);
    assertThat(a.answers()).hasSize(2);
    assertThat(a.answers().get(0)).isInstanceOf(CNAMERecord.class);
    assertThat(addresses(a)).containsExactly("10.96.0.20");
  }

  @Test
  void unknownNamesInTheZoneAreNxDomainWithTheSoa() {
    for (String unknown : List.of("nope.default.svc.cluster.local.", "my-nginx.other.svc.cluster.local.",
        "other.svc.cluster.local.", "www.cluster.local.", "a.b.c.d.e.f.svc.cluster.local.")) {
      Answer a = answer(unknown, Type.A);
      assertThat(a.rcode()).as(unknown).isEqualTo(Rcode.NXDOMAIN);
      assertThat(a.authority()).as(unknown).singleElement().isInstanceOfSatisfying(SOARecord.class, soa -> {
        assertThat(soa.getName().toString()).isEqualTo("cluster.local.");
        assertThat(soa.getMinimum()).isEqualTo(5);
      });
    }
  }

  @Test
  void existingNamesWithoutTheAskedTypeAreNoData() {
    for (String name : List.of("my-nginx.default.svc.cluster.local.", "default.svc.cluster.local.", "svc.cluster.local.",
        "cluster.local.")) {
      Answer a = answer(name, Type.AAAA);
      assertThat(a.rcode()).as(name).isEqualTo(Rcode.NOERROR);
      assertThat(a.answers()).as(name).isEmpty();
      assertThat(a.authority()).as(name).singleElement().isInstanceOf(SOARecord.class);
    }
  }

  @Test
  void theApexHasTheSoaAndAnNsWhoseAddressIsTheKubeDnsClusterIp() {
    assertThat(answer("cluster.local.", Type.SOA).answers()).singleElement().isInstanceOf(SOARecord.class);
    Answer ns = answer("cluster.local.", Type.NS);
    assertThat(ns.answers()).singleElement().extracting(r -> r.rdataToString()).isEqualTo("ns.dns.cluster.local.");
    assertThat(addresses(ns.additional())).containsExactly("10.96.0.10");
  }

  @Test
  void podNamesAnswerTheirDashedAddressWhenPodRecordsAreOn() {
    assertThat(addresses(answer("172-17-0-42.default.pod.cluster.local.", Type.A))).containsExactly("172.17.0.42");
    assertThat(answer("172-17-0.default.pod.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer("1-2-3-999.default.pod.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    ClusterZone noPods = new ClusterZone(config(false), state);
    assertThat(noPods.answer(name("172-17-0-42.default.pod.cluster.local."), Type.A).orElseThrow().rcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void anyReturnsEveryRecordOfTheName() {
    assertThat(addresses(answer("nginx.default.svc.cluster.local.", Type.ANY))).hasSize(3);
  }

  @Test
  void namesOutsideTheZoneAreNotAnswered() {
    assertThat(zone.answer(name("example.com."), Type.A)).isEmpty();
    assertThat(zone.answer(name("cluster.local.example.com."), Type.A)).isEmpty();
    assertThat(zone.answer(name("local."), Type.A)).isEmpty();
  }

  @Test
  void beforeTheFirstListTheZoneAnswersServerFailure() {
    ClusterZone unsynced = new ClusterZone(config(true), new FixedClusterState().unsynced());
    assertThat(unsynced.answer(name("my-nginx.default.svc.cluster.local."), Type.A).orElseThrow().rcode())
        .isEqualTo(Rcode.SERVFAIL);
    assertThat(unsynced.answer(name("20.0.96.10.in-addr.arpa."), Type.PTR).orElseThrow().rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(unsynced.answer(name("example.com."), Type.A)).isEmpty();
  }

  @Test
  void aDeletedServiceIsGoneAtOnce() {
    FixedClusterState empty = new FixedClusterState();
    ClusterZone after = new ClusterZone(config(true), empty);
    assertThat(after.answer(name("my-nginx.default.svc.cluster.local."), Type.A).orElseThrow().rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  private Answer answer(String name, int type) {
    Optional<Answer> a = zone.answer(name(name), type);
    assertThat(a).as(name + " is in the zone").isPresent();
    return a.get();
  }

  private static List<String> addresses(Answer a) {
    return addresses(a.answers());
  }

  private static List<String> addresses(List<Record> records) {
    return records.stream().filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
