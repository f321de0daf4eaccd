package io.kava.proxy.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuardedRouteTableTest {
  private final FakeRouteTable routes = new FakeRouteTable();
  /** Gateway to the interface the kernel would pick for it. */
  private final Map<String, String> interfaces = new HashMap<>(Map.of("10.250.0.13", "eth0", "192.168.9.3", "eth1"));
  private final List<String> guard = new ArrayList<>();
  private final GuardedRouteTable table = new GuardedRouteTable(routes,
      destination -> Optional.ofNullable(routes.routes.get(destination)).map(interfaces::get),
      new GuardedRouteTable.Guard() {
        @Override
        public void allow(String cidr, String outInterface) {
          guard.add("allow " + cidr + " " + outInterface);
        }

        @Override
        public void unallow(String cidr, String outInterface) {
          guard.add("unallow " + cidr + " " + outInterface);
        }
      });

  @Test
  void aRouteOpensTheGuardForExactlyItsPodCidrOverItsInterface() {
    table.replace(new Route("10.244.4.0/24", "10.250.0.13"));

    assertThat(routes.routes).containsExactly(Map.entry("10.244.4.0/24", "10.250.0.13"));
    assertThat(guard).containsExactly("allow 10.244.4.0/24 eth0");
  }

  @Test
  void deletingTheRouteClosesTheGuardAgain() {
    table.replace(new Route("10.244.4.0/24", "10.250.0.13"));

    table.delete(new Route("10.244.4.0/24", "10.250.0.13"));

    assertThat(routes.routes).isEmpty();
    assertThat(guard).containsExactly("allow 10.244.4.0/24 eth0", "unallow 10.244.4.0/24 eth0");
  }

  @Test
  void aGatewayOnAnotherInterfaceMovesTheEntryWithIt() {
    table.replace(new Route("10.244.4.0/24", "10.250.0.13"));

    table.replace(new Route("10.244.4.0/24", "192.168.9.3"));

    assertThat(guard).containsExactly("allow 10.244.4.0/24 eth0", "allow 10.244.4.0/24 eth1",
        "unallow 10.244.4.0/24 eth0");
  }

  @Test
  void deletingARouteThatIsNotThereTouchesNoGuard() {
    table.delete(new Route("10.244.4.0/24", "10.250.0.13"));

    assertThat(guard).isEmpty();
  }
}
