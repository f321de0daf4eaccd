package io.kava.dns;

import static io.kava.dns.records.Objects.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.KavaClient;
import io.kava.dns.records.Objects;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The path a pod takes, minus kube-proxy: the server listens on the host's docker0 address (as
 * deploy/up.sh starts it) and a real container on that bridge resolves through it with busybox's
 * nslookup. Registration is off here, so this class never touches ClusterDnsIT's kube-dns objects.
 */
class BridgeDnsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String NS = "dns-bridge-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));

  private static ApiServerHarness api;
  private static KavaClient client;
  private static ClusterDns dns;
  private static String server;

  @BeforeAll
  static void start() throws Exception {
    Optional<String> bridge = bridgeAddress();
    assumeThat(bridge).as("the docker0 bridge").isPresent();
    api = ApiServerHarness.start(EtcdContainer.shared());
    client = api.client();
    client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(NS)).build());
    DnsConfig config = DnsConfig.parse(api.target(), bridge.get() + ":" + ApiServerHarness.freePort(), null,
        "cluster.local", "10.96.0.0/16", "10.96.0.10", null, 5, "insecure", 2, false);
    dns = ClusterDns.start(config, client);
    server = bridge.get() + ":" + dns.address().getPort();
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
  void aContainerOnTheBridgeResolvesAServiceAndGetsNxDomainForAnUnknownName() throws Exception {
    Service svc = client.resource(Service.class).create(Objects.service(NS, "web", "None", port("http", "TCP", 80)));
    assertThat(svc.getSpec().getClusterIp()).isEqualTo("None");
    client.resource(io.kava.api.discovery.v1.EndpointSlice.class).create(Objects.slice(NS, "web-1", "web",
        java.util.List.of(Objects.endpoint("172.30.1.7", "web-0", true)), Objects.slicePort("http", "TCP", 80)));
    String name = "web." + NS + ".svc.cluster.local";
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nslookupFromAContainer(name)).contains("172.30.1.7"));
    assertThat(nslookupFromAContainer("nothing." + NS + ".svc.cluster.local")).contains("NXDOMAIN");
  }

  /** busybox nslookup in a throwaway container (--rm; labelled as a test container). */
  private static String nslookupFromAContainer(String name) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("docker", "run", "--rm", "--label", "io.kava.test=dns", "kava/busybox:latest",
        "nslookup", "-type=A", name, server).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }

  private static Optional<String> bridgeAddress() throws IOException {
    NetworkInterface docker0 = NetworkInterface.getByName("docker0");
    if (docker0 == null) {
      return Optional.empty();
    }
    return docker0.inetAddresses().filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).findFirst();
  }
}
