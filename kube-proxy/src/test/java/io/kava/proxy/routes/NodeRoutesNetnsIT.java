package io.kava.proxy.routes;

import static io.kava.proxy.routes.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node route controller against the real routing table of two real network namespaces (no Docker):
 * "host" A and "host" B joined by a veth pair on 10.251.X.0/24, B's pod range on a bridge inside B. A's
 * controller routes B's podCIDR through B's address, A then reaches B's pod gateway (a ping between
 * the two namespaces, nothing else), and the route goes when B's Node does.
 */
class NodeRoutesNetnsIT {
  private static final int X = ThreadLocalRandom.current().nextInt(1, 250);
  private static final String A = "kava-rt" + X + "a";
  private static final String B = "kava-rt" + X + "b";
  private static final String CLUSTER_CIDR = "10.244.0.0/16";
  private static final String B_POD_CIDR = "10.244." + X + ".0/24";
  private static final String B_POD_GATEWAY = "10.244." + X + ".1";
  private static final String B_ADDRESS = "10.251." + X + ".2";

  @BeforeAll
  static void twoHosts() throws Exception {
    ip("netns", "add", A);
    ip("netns", "add", B);
    ip("link", "add", "rt" + X + "a", "netns", A, "type", "veth", "peer", "name", "rt" + X + "b", "netns", B);
    ip("-n", A, "addr", "add", "10.251." + X + ".1/24", "dev", "rt" + X + "a");
    ip("-n", B, "addr", "add", B_ADDRESS + "/24", "dev", "rt" + X + "b");
    ip("-n", B, "link", "add", "kbr-" + X, "type", "bridge");
    ip("-n", B, "addr", "add", B_POD_GATEWAY + "/24", "dev", "kbr-" + X);
    for (String[] link : List.of(new String[] {A, "rt" + X + "a"}, new String[] {B, "rt" + X + "b"},
        new String[] {B, "kbr-" + X}, new String[] {A, "lo"}, new String[] {B, "lo"})) {
      ip("-n", link[0], "link", "set", link[1], "up");
    }
  }

  @AfterAll
  static void removeHosts() throws Exception {
    // Deleting a namespace takes its links, addresses and routes with it.
    run(List.of("ip", "netns", "del", A));
    run(List.of("ip", "netns", "del", B));
  }

  @Test
  void aRouteToAnotherNodesPodsAppearsWorksAndGoesWithTheNode() throws Exception {
    Map<String, Node> cache = new HashMap<>();
    IpRouteTable table = new IpRouteTable(CLUSTER_CIDR, A);
    NodeRouteController controller = new NodeRouteController(table, n -> Optional.ofNullable(cache.get(n)), "a");
    cache.put("b", node("b", B_POD_CIDR, B_ADDRESS));

    controller.reconcile("b");

    assertThat(table.list()).containsExactly(new Route(B_POD_CIDR, B_ADDRESS));
    assertThat(ip("-n", A, "route", "show", B_POD_CIDR)).contains("via " + B_ADDRESS).contains("proto 76");
    assertThat(run(List.of("ip", "netns", "exec", A, "busybox", "ping", "-c", "1", "-W", "2", B_POD_GATEWAY)).code)
        .as("A reaches B's pod gateway through the route").isZero();

    cache.remove("b");
    controller.reconcile("b");

    assertThat(table.list()).isEmpty();
    assertThat(ip("-n", A, "route", "show", B_POD_CIDR)).isBlank();
  }

  private record Result(int code, String out) {}

  private static String ip(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Result r = run(command);
    assertThat(r.code).as(String.join(" ", command) + ": " + r.out).isZero();
    return r.out;
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, out);
    }
    return new Result(p.exitValue(), out);
  }
}
