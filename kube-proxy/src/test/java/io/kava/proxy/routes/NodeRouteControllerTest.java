package io.kava.proxy.routes;

import static io.kava.proxy.routes.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeRouteControllerTest {
  private final FakeRouteTable table = new FakeRouteTable();
  private final Map<String, Node> cache = new HashMap<>();
  private final NodeRouteController controller =
      new NodeRouteController(table, name -> Optional.ofNullable(cache.get(name)), "h1");

  private void put(Node node) {
    cache.put(node.getMetadata().getName(), node);
  }

  @Test
  void routesAnotherNodesPodCidrThroughItsInternalIp() {
    put(node("h2", "10.244.2.0/24", "10.250.0.12"));

    controller.reconcile("h2");

    assertThat(table.routes).containsExactly(Map.entry("10.244.2.0/24", "10.250.0.12"));
  }

  @Test
  void aSecondSyncWithNothingChangedWritesNothing() {
    put(node("h2", "10.244.2.0/24", "10.250.0.12"));
    controller.reconcile("h2");
    table.writes.clear();

    controller.reconcile("h2");

    assertThat(table.writes).isEmpty();
  }

  @Test
  void ownNodeAndNodesWithoutCidrOrAddressOrOnLoopbackGetNoRoute() {
    put(node("h1", "10.244.1.0/24", "10.250.0.11"));
    put(node("fresh", "", "10.250.0.13"));
    put(node("noaddr", "10.244.4.0/24", ""));
    put(node("local", "10.244.5.0/24", "127.0.0.12"));

    List.of("h1", "fresh", "noaddr", "local").forEach(controller::reconcile);

    assertThat(table.writes).isEmpty();
  }

  @Test
  void aDeletedNodesRouteGoes() {
    put(node("h2", "10.244.2.0/24", "10.250.0.12"));
    controller.reconcile("h2");

    cache.remove("h2");
    controller.reconcile("h2");

    assertThat(table.routes).isEmpty();
    assertThat(table.writes).containsExactly("replace 10.244.2.0/24 via 10.250.0.12", "delete 10.244.2.0/24");
  }

  @Test
  void aNewAddressMovesTheRouteAndANewCidrReplacesIt() {
    put(node("h2", "10.244.2.0/24", "10.250.0.12"));
    controller.reconcile("h2");

    put(node("h2", "10.244.2.0/24", "10.250.0.22"));
    controller.reconcile("h2");
    assertThat(table.routes).containsExactly(Map.entry("10.244.2.0/24", "10.250.0.22"));

    put(node("h2", "10.244.7.0/24", "10.250.0.22"));
    controller.reconcile("h2");
    assertThat(table.routes).containsExactly(Map.entry("10.244.7.0/24", "10.250.0.22"));
  }

  @Test
  void aNodeReplacedUnderAnotherNameKeepsTheRouteOfTheLiveOne() {
    put(node("old", "10.244.2.0/24", "10.250.0.12"));
    controller.reconcile("old");
    cache.remove("old");
    put(node("new", "10.244.2.0/24", "10.250.0.14"));
    controller.reconcile("new");

    controller.reconcile("old");

    assertThat(table.routes).containsExactly(Map.entry("10.244.2.0/24", "10.250.0.14"));
  }

  @Test
  void sweepRemovesRoutesOfAnEarlierRunThatNoNodeWants() {
    table.routes.put("10.244.2.0/24", "10.250.0.12");
    table.routes.put("10.244.9.0/24", "10.250.0.19");

    controller.sweep(List.of(node("h2", "10.244.2.0/24", "10.250.0.12")));

    assertThat(table.routes).containsOnlyKeys("10.244.2.0/24");
  }

  @Test
  void removeAllTakesEveryWrittenRouteAndLaterSyncsWriteNothing() {
    put(node("h2", "10.244.2.0/24", "10.250.0.12"));
    put(node("h3", "10.244.3.0/24", "10.250.0.13"));
    controller.reconcile("h2");
    controller.reconcile("h3");

    controller.removeAll();
    controller.reconcile("h2");

    assertThat(table.routes).isEmpty();
  }

  @Test
  void cleanupRemovesEveryRouteOfKava() {
    table.routes.put("10.244.2.0/24", "10.250.0.12");

    NodeRouteController.removeWritten(table);

    assertThat(table.routes).isEmpty();
  }

  @Test
  void parsesIpRouteShowOutput() {
    assertThat(IpRouteTable.parse("10.244.2.0/24 via 10.250.0.12 dev eth0 proto 76 \n"
        + "10.244.3.5 via 10.250.0.13 dev eth0 proto 76\n\n"))
        .containsExactly(new Route("10.244.2.0/24", "10.250.0.12"), new Route("10.244.3.5/32", "10.250.0.13"));
  }

  @Test
  void readsTheInterfaceOfARouteFromIpRouteShow() {
    assertThat(IpRouteTable.device("10.244.2.0/24 via 10.250.0.12 dev eth0 proto 76 \n")).contains("eth0");
    assertThat(IpRouteTable.device("")).isEmpty();
  }
}
