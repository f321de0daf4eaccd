package io.kava.dns;

import static io.kava.dns.records.Objects.endpoint;
import static io.kava.dns.records.Objects.port;
import static io.kava.dns.records.Objects.slice;
import static io.kava.dns.records.Objects.slicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.dns.records.Objects;
import io.kava.dns.registration.KubeDnsRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The cluster DNS on 127.0.0.1:&lt;free port&gt; against the real API server on a real etcd: it registers
 * kube-dns, and answers over UDP and TCP from Services and EndpointSlices written through the client,
 * following them as they change. Nothing is sent to any ClusterIP: the addresses are only data here.
 */
class ClusterDnsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String NS = "dns-it-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
  /** A random /24 inside the default service range, so a run does not meet another run's addresses. */
  private static final String NET = "10.96." + ThreadLocalRandom.current().nextInt(100, 250) + ".";

  private static ApiServerHarness api;
  private static KavaClient client;
  private static ClusterDns dns;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() throws Exception {
    api = ApiServerHarness.start(EtcdContainer.shared());
    client = api.client();
    client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(NS)).build());
    DnsConfig config = DnsConfig.parse(api.target(), "127.0.0.1:" + ApiServerHarness.freePort(), null, "cluster.local",
        "10.96.0.0/16", "10.96.0.10", null, 5, "insecure", 2, true);
    dns = ClusterDns.start(config, client);
    address = dns.address();
  }

  @AfterAll
  static void stop() {
    if (dns != null) {
      dns.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void registersTheKubeDnsServiceWithItsEndpointSliceAndEndpoints() throws InterruptedException {
    assertThat(dns.awaitRegistered(TIMEOUT)).isTrue();
    Service svc = client.resource(Service.class).get("kube-system", "kube-dns");
    assertThat(svc.getSpec().getClusterIp()).isEqualTo("10.96.0.10");
    assertThat(svc.getMetadata().getLabelsMap()).containsEntry("k8s-app", "kube-dns");
    assertThat(svc.getSpec().getPortsList()).extracting(p -> p.getName() + " " + p.getPort() + "/" + p.getProtocol()
        + " -> " + p.getTargetPort().getIntVal())
        .containsExactly("dns 53/UDP -> " + address.getPort(), "dns-tcp 53/TCP -> " + address.getPort());
    EndpointSlice slice = client.resource(EndpointSlice.class).get("kube-system", "kube-dns-127-0-0-1-" + address.getPort());
    assertThat(slice.getMetadata().getLabelsMap()).containsEntry("kubernetes.io/service-name", "kube-dns")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "kava-dns");
    assertThat(slice.getEndpoints(0).getAddressesList()).containsExactly("127.0.0.1");
    assertThat(slice.getPortsList()).extracting(p -> p.getPort()).containsOnly(address.getPort());
    Endpoints endpoints = client.resource(Endpoints.class).get("kube-system", "kube-dns");
    assertThat(endpoints.getSubsets(0).getAddressesList()).extracting(a -> a.getIp()).contains("127.0.0.1");
    // A second pass against the real server's defaulting writes nothing (no update every 30 s).
    String[] before = versions();
    new KubeDnsRegistration(client, "10.96.0.10", "127.0.0.1", address.getPort()).ensure();
    assertThat(versions()).containsExactly(before);
    // kube-dns itself resolves, through the slice the server wrote.
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(addresses(query("kube-dns.kube-system.svc.cluster.local.", Type.A, false))).containsExactly("10.96.0.10"));
  }

  @Test
  void aServiceResolvesOverUdpAndTcpWithSrvAndPtr() {
    String ip = createService("web", NET + "20");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(addresses(query("web." + NS + ".svc.cluster.local.", Type.A, false))).containsExactly(ip);
      assertThat(addresses(query("WEB." + NS + ".svc.cluster.local", Type.A, true))).containsExactly(ip);
    });
    Message srv = query("_http._tcp.web." + NS + ".svc.cluster.local.", Type.SRV, false);
    assertThat(srv.getSection(Section.ANSWER)).singleElement().isInstanceOfSatisfying(SRVRecord.class, r -> {
      assertThat(r.getPort()).isEqualTo(80);
      assertThat(r.getTarget().toString()).isEqualTo("web." + NS + ".svc.cluster.local.");
    });
    String[] octets = ip.split("\\.");
    Message ptr = query(octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa.", Type.PTR, false);
    assertThat(ptr.getSection(Section.ANSWER)).singleElement().extracting(Record::rdataToString)
        .isEqualTo("web." + NS + ".svc.cluster.local.");
  }

  @Test
  void aHeadlessServiceAnswersItsReadyEndpointsAndOneSrvEach() {
    createService("db", "None");
    client.resource(EndpointSlice.class).create(slice(NS, "db-1", "db",
        List.of(endpoint("172.30.0.1", "db-0", true), endpoint("172.30.0.2", null, null), endpoint("172.30.0.3", "db-2", false)),
        slicePort("http", "TCP", 5432)));
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(addresses(query("db." + NS + ".svc.cluster.local.", Type.A, false))).containsExactlyInAnyOrder("172.30.0.1", "172.30.0.2"));
    Message srv = query("_http._tcp.db." + NS + ".svc.cluster.local.", Type.SRV, true);
    assertThat(srv.getSection(Section.ANSWER)).extracting(r -> ((SRVRecord) r).getTarget().toString())
        .containsExactlyInAnyOrder("db-0.db." + NS + ".svc.cluster.local.", "172-30-0-2.db." + NS + ".svc.cluster.local.");
    assertThat(addresses(query("db-0.db." + NS + ".svc.cluster.local.", Type.A, false))).containsExactly("172.30.0.1");
  }

  @Test
  void unknownNamesAreNxDomainAndOtherZonesRefused() {
    Message nx = query("nothing-here." + NS + ".svc.cluster.local.", Type.A, false);
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.getSection(Section.AUTHORITY)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    assertThat(query("example.com.", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void aDeletedServiceStopsResolvingWithinASecond() {
    createService("short-lived", NET + "30");
    String name = "short-lived." + NS + ".svc.cluster.local.";
    await().atMost(TIMEOUT).until(() -> query(name, Type.A, false).getRcode() == Rcode.NOERROR
        && !addresses(query(name, Type.A, false)).isEmpty());
    client.resource(Service.class).delete(NS, "short-lived");
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> query(name, Type.A, false).getRcode() == Rcode.NXDOMAIN);
  }

  @Test
  void theJarStartsAndDescribesItsFlags() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process help = new ProcessBuilder(java, "-jar", Path.of("target", "kava-dns.jar").toString(), "--help")
        .redirectErrorStream(true).start();
    String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(out).contains("--cluster-domain", "--listen", "--upstream", "--service-cluster-ip-range", "--cluster-ip");
  }

  private static String[] versions() {
    return new String[] {
        client.resource(Service.class).get("kube-system", "kube-dns").getMetadata().getResourceVersion(),
        client.resource(EndpointSlice.class).get("kube-system", "kube-dns-127-0-0-1-" + address.getPort())
            .getMetadata().getResourceVersion(),
        client.resource(Endpoints.class).get("kube-system", "kube-dns").getMetadata().getResourceVersion()};
  }

  /**
   * A Service with the asked ClusterIP; where the API server refuses it (an allocator with another range)
   * one it allocates instead. Returns the ClusterIP stored.
   */
  private static String createService(String name, String clusterIp) {
    Service svc = Objects.service(NS, name, clusterIp, port("http", "TCP", 80));
    try {
      return client.resource(Service.class).create(svc).getSpec().getClusterIp();
    } catch (ApiException e) {
      if (clusterIp.equals("None") || e.isAlreadyExists()) {
        throw e;
      }
      Service allocated = svc.toBuilder().setSpec(svc.getSpec().toBuilder().clearClusterIp()).build();
      return client.resource(Service.class).create(allocated).getSpec().getClusterIp();
    }
  }

  private static Message query(String name, int type, boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(2));
    try {
      return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> addresses(Message m) {
    return m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A).map(Record::rdataToString).toList();
  }
}
