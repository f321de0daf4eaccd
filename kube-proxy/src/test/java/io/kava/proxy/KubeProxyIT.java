package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.EndpointSliceLabels;
import io.kava.client.KavaClient;
import io.kava.proxy.iptables.CommandIptables;
import io.kava.proxy.sysctl.ProcSysctl;
import io.kava.proxy.sysctl.RouteLocalnet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.kava.api.core.v1.ClientIPConfig;
import io.kava.api.core.v1.SessionAffinityConfig;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * kube-proxy against real iptables, real Docker and the real API server on real etcd: two demo httpd
 * containers on docker0 behind Services and EndpointSlices written straight through the client, reached
 * from the host, from a third container, through a NodePort on 127.0.0.x and the bridge address, and
 * from an endpoint itself (hairpin). A test service range (a random 10.200.X.0/24) and a random cluster
 * tag keep it apart from any other cluster on the machine; everything is removed afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeProxyIT {
  private static final int X = ThreadLocalRandom.current().nextInt(1, 255);
  private static final String CIDR = "10.200." + X + ".0/24";
  private static final String TAG = "KIT" + ThreadLocalRandom.current().nextInt(100, 1000);
  private static final String LABEL = "io.kava.test=kube-proxy-it-" + TAG;
  private static final String WEB_IP = "10.200." + X + ".10";
  private static final String EMPTY_IP = "10.200." + X + ".11";
  private static final String SOLO_IP = "10.200." + X + ".12";
  private static final String ROTATE_IP = "10.200." + X + ".13";
  private static final String STICKY_IP = "10.200." + X + ".14";
  private static final String UDP_IP = "10.200." + X + ".15";
  private static final String UNPROGRAMMED_IP = "10.200." + X + ".99";
  private static final int NODE_PORT = 30000 + ThreadLocalRandom.current().nextInt(2000);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static ApiServerHarness api;
  private static KavaClient client;
  private static KubeProxy proxy;
  private static String a;
  private static String b;
  private static String aIp;
  private static String bIp;
  private static String clientContainer;
  private static int routeLocalnetBefore;
  private static DatagramSocket udpServer;

  @BeforeAll
  static void start() throws Exception {
    routeLocalnetBefore = new ProcSysctl().get(RouteLocalnet.NAME);
    a = "kava-proxy-it-" + TAG.toLowerCase() + "-a";
    b = "kava-proxy-it-" + TAG.toLowerCase() + "-b";
    clientContainer = "kava-proxy-it-" + TAG.toLowerCase() + "-c";
    Docker.start(LABEL, a, "kava/demo:1.0");
    Docker.start(LABEL, b, "kava/demo:1.0");
    Docker.start(LABEL, clientContainer, "kava/busybox:latest", "sleep", "3600");
    aIp = Docker.ip(a);
    bIp = Docker.ip(b);
    await().atMost(TIMEOUT).until(() -> Docker.wget(a, "http://127.0.0.1/hostname").exitCode() == 0
        && Docker.wget(b, "http://127.0.0.1/hostname").exitCode() == 0);

    api = ApiServerHarness.start(EtcdContainer.shared(),
        c -> c.withServices(c.services().withClusterIpRange(CIDR)));
    client = api.client();
    createService("web", WEB_IP, NODE_PORT);
    createSlice("web", aIp, bIp);
    createService("empty", EMPTY_IP, 0);
    createService("solo", SOLO_IP, 0);
    createSlice("solo", aIp);
    createService("rotate", ROTATE_IP, 0);
    createSlice("rotate", aIp, bIp);
    client.resource(Service.class).create(service("sticky", STICKY_IP, 0).toBuilder()
        .setSpec(service("sticky", STICKY_IP, 0).getSpec().toBuilder().setSessionAffinity("ClientIP")
            .setSessionAffinityConfig(SessionAffinityConfig.newBuilder()
                .setClientIp(ClientIPConfig.newBuilder().setTimeoutSeconds(60))))
        .build());
    createSlice("sticky", aIp, bIp);
    // A UDP endpoint on the bridge address: busybox's nc here has no UDP mode.
    udpServer = new DatagramSocket(new InetSocketAddress("172.17.0.1", 0));
    Thread echo = new Thread(KubeProxyIT::echoUdp, "udp-echo");
    echo.setDaemon(true);
    echo.start();
    client.resource(Service.class).create(service("udp", UDP_IP, 0).toBuilder()
        .setSpec(ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp(UDP_IP).addClusterIps(UDP_IP)
            .setSessionAffinity("None").addPorts(ServicePort.newBuilder().setName("dns").setProtocol("UDP").setPort(53)))
        .build());
    client.resource(EndpointSlice.class).create(EndpointSlice.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("udp-abcde")
            .putLabels(EndpointSliceLabels.SERVICE_NAME, "udp"))
        .setAddressType("IPv4")
        .addPorts(EndpointPort.newBuilder().setName("dns").setProtocol("UDP").setPort(udpServer.getLocalPort()))
        .addEndpoints(Endpoint.newBuilder().addAddresses("172.17.0.1")
            .setConditions(EndpointConditions.newBuilder().setReady(true)))
        .build());

    proxy = new KubeProxy(config(), client, new CommandIptables(), new ProcSysctl());
    proxy.start();
  }

  private static KubeProxyConfig config() {
    return new KubeProxyConfig(api.target(), TAG, CIDR, KubeProxyConfig.DEFAULT_CLUSTER_CIDR, Duration.ofMillis(100),
        Duration.ofSeconds(30), true, Path.of("/run/kava"), KubeProxyConfig.DEFAULT_BRIDGE);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    // Whatever the tests did, leave no rule of this tag and no guard of this range behind.
    ChainNames names = new ChainNames(TAG);
    CommandIptables iptables = new CommandIptables();
    new Cleanup(iptables, names, new ServiceRangeGuard(iptables, names, CIDR),
        new RouteLocalnet(new ProcSysctl(), Path.of("/run/kava"))).run();
    Docker.removeLabelled(LABEL);
    if (udpServer != null) {
      udpServer.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static void echoUdp() {
    byte[] buffer = new byte[512];
    while (!udpServer.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        udpServer.receive(p);
        byte[] reply = ("echo " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
        udpServer.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void createService(String name, String clusterIP, int nodePort) {
    client.resource(Service.class).create(service(name, clusterIP, nodePort));
  }

  private static Service service(String name, String clusterIP, int nodePort) {
    ServicePort.Builder port = ServicePort.newBuilder().setProtocol("TCP").setPort(80)
        .setTargetPort(io.kava.api.meta.v1.IntOrString.newBuilder().setIntVal(80));
    if (nodePort != 0) {
      port.setNodePort(nodePort);
    }
    return Service.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name))
        .setSpec(ServiceSpec.newBuilder().setType(nodePort != 0 ? "NodePort" : "ClusterIP").setClusterIp(clusterIP)
            .addClusterIps(clusterIP).setSessionAffinity("None").addPorts(port))
        .build();
  }

  private static EndpointSlice slice(String service, String... ips) {
    EndpointSlice.Builder slice = EndpointSlice.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(service + "-abcde")
            .putLabels(EndpointSliceLabels.SERVICE_NAME, service))
        .setAddressType("IPv4")
        .addPorts(EndpointPort.newBuilder().setName("").setProtocol("TCP").setPort(80));
    for (String ip : ips) {
      slice.addEndpoints(Endpoint.newBuilder().addAddresses(ip)
          .setConditions(EndpointConditions.newBuilder().setReady(true).setServing(true).setTerminating(false)));
    }
    return slice.build();
  }

  private static void createSlice(String service, String... ips) {
    client.resource(EndpointSlice.class).create(slice(service, ips));
  }

  /** GET /hostname over a fresh connection: the name of the container that answered. */
  private static String get(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 3000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /hostname HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.substring(response.indexOf("\r\n\r\n") + 4).strip();
    }
  }

  private static Set<String> responders(String host, int port, int requests) throws IOException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      seen.add(get(host, port));
    }
    return seen;
  }

  @Test
  @Order(1)
  void theClusterIpAnswersFromTheHostFromBothEndpoints() {
    await().atMost(TIMEOUT).ignoreExceptions()
        .untilAsserted(() -> assertThat(responders(WEB_IP, 80, 40)).containsExactlyInAnyOrder(a, b));
  }

  @Test
  @Order(2)
  void theClusterIpAnswersFromAnotherContainer() {
    await().atMost(TIMEOUT).untilAsserted(() -> {
      Docker.Result r = Docker.wget(clientContainer, "http://" + WEB_IP + "/hostname");
      assertThat(r.exitCode()).as(r.out()).isZero();
      assertThat(r.out()).isIn(a, b);
    });
  }

  @Test
  @Order(3)
  void theNodePortAnswersOnNodeAddressesAndOnTheBridgeAddress() throws IOException {
    await().atMost(TIMEOUT).ignoreExceptions()
        .untilAsserted(() -> assertThat(get("127.0.0.11", NODE_PORT)).isIn(a, b));
    assertThat(responders("127.0.0.12", NODE_PORT, 20)).containsExactlyInAnyOrder(a, b);
    Docker.Result fromPod = Docker.wget(clientContainer, "http://172.17.0.1:" + NODE_PORT + "/hostname");
    assertThat(fromPod.exitCode()).as(fromPod.out()).isZero();
    assertThat(fromPod.out()).isIn(a, b);
  }

  @Test
  @Order(4)
  void anEndpointReachesItselfThroughItsOwnService() {
    await().atMost(TIMEOUT).untilAsserted(() -> {
      Docker.Result r = Docker.wget(a, "http://" + SOLO_IP + "/hostname");
      assertThat(r.exitCode()).as(r.out()).isZero();
      assertThat(r.out()).isEqualTo(a);
    });
  }

  @Test
  @Order(5)
  void aServiceWithoutEndpointsAndAnUnprogrammedAddressAreRefusedAtOnce() {
    for (String ip : List.of(EMPTY_IP, UNPROGRAMMED_IP)) {
      long start = System.nanoTime();
      Throwable refused = null;
      try {
        get(ip, 80);
      } catch (IOException e) {
        refused = e;
      }
      assertThat(refused).as(ip).isInstanceOf(ConnectException.class).hasMessageContaining("refused");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as(ip).isLessThan(Duration.ofSeconds(1));
    }
    Docker.Result fromPod = Docker.wget(clientContainer, "http://" + EMPTY_IP + "/hostname");
    assertThat(fromPod.exitCode()).isNotZero();
    assertThat(fromPod.out()).containsIgnoringCase("refused");
  }

  @Test
  @Order(6)
  void anEndpointRemovedFromTheSliceLeavesTheRotationWithinTwoSeconds() throws IOException {
    await().atMost(TIMEOUT).ignoreExceptions()
        .untilAsserted(() -> assertThat(responders(ROTATE_IP, 80, 30)).containsExactlyInAnyOrder(a, b));
    EndpointSlice current = client.resource(EndpointSlice.class).get("default", "rotate-abcde");
    client.resource(EndpointSlice.class).update(current.toBuilder().clearEndpoints()
        .addAllEndpoints(slice("rotate", aIp).getEndpointsList()).build());
    long start = System.nanoTime();

    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .untilAsserted(() -> assertThat(responders(ROTATE_IP, 80, 20)).containsExactly(a));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("Endpoint left the rotation " + took.toMillis() + " ms after the slice update");
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(responders(ROTATE_IP, 80, 30)).containsExactly(a);
  }

  @Test
  @Order(7)
  void clientIpAffinityKeepsOneClientOnOneEndpoint() {
    await().atMost(TIMEOUT).ignoreExceptions()
        .untilAsserted(() -> assertThat(responders(STICKY_IP, 80, 20)).hasSize(1).containsAnyOf(a, b));
  }

  @Test
  @Order(8)
  void udpIsDnatedToTheEndpoint() {
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.setSoTimeout(1000);
        byte[] query = "ping".getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(query, query.length, new InetSocketAddress(UDP_IP, 53)));
        DatagramPacket reply = new DatagramPacket(new byte[512], 512);
        socket.receive(reply);
        assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("echo ping");
      }
    });
  }

  @Test
  @Order(9)
  void restartingKeepsTrafficFlowingAndCleanupRemovesEverything() throws Exception {
    proxy.close(); // rules stay, as upstream's: traffic keeps flowing without kube-proxy
    assertThat(get(WEB_IP, 80)).isIn(a, b);
    proxy = new KubeProxy(config(), client, new CommandIptables(), new ProcSysctl());
    proxy.start();
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(get(WEB_IP, 80)).isIn(a, b));
    String nat = Docker.check("iptables-save", "-t", "nat");
    assertThat(nat.lines().filter(l -> l.startsWith("-A PREROUTING") && l.endsWith("-j " + TAG + "-SERVICES")))
        .as("the restart found its jump instead of adding a second").hasSize(1);
    proxy.close();
    proxy = null;

    // The real binary, as deploy/down.sh runs it.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process cleanup = new ProcessBuilder(java, "-jar", Path.of("target", "kava-kube-proxy.jar").toString(),
        "--cleanup", "--cluster-tag", TAG, "--service-cluster-ip-range", CIDR, "--run-dir", "/run/kava")
        .redirectErrorStream(true).redirectOutput(Path.of("target", "kube-proxy-cleanup-it.log").toFile()).start();
    assertThat(cleanup.waitFor()).as(Files.readString(Path.of("target", "kube-proxy-cleanup-it.log"))).isZero();

    String saved = Docker.check("iptables-save");
    assertThat(saved).doesNotContain(TAG + "-").doesNotContain(CIDR);
    if (routeLocalnetBefore == 0 && !saved.contains(ServiceRangeGuard.COMMENT_SUFFIX)) {
      assertThat(new ProcSysctl().get(RouteLocalnet.NAME)).isZero();
    }
    // Back to unprogrammed: the address no longer answers (no route leads anywhere useful; never probed unguarded).
  }
}
