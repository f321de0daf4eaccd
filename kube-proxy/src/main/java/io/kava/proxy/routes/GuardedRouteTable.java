package io.kava.proxy.routes;

import io.kava.client.net.PodNetworkGuard;
import java.util.List;
import java.util.Optional;

/**
 * A route table that opens the pod network guard for exactly the routes it writes: a route to another
 * node's podCIDR leaves by the host's own interface (eth0), which the guard's
 * {@code -d 10.244.0.0/16 ! -o kbr+ -j REJECT} refuses; so with each route goes an allow entry for that
 * podCIDR over that interface, and it goes away with the route. Everything else for the cluster CIDR stays
 * refused (no route yet, a podCIDR no node has, another interface).
 */
public final class GuardedRouteTable implements RouteTable {
  /** The guard's allow entries (io.kava.client.net.PodNetworkGuard, deploy/netguard.sh's guard_allow). */
  public interface Guard {
    void allow(String cidr, String outInterface);

    void unallow(String cidr, String outInterface);
  }

  /** The interface a route leaves by, as the kernel chose it (`dev` of `ip route show`). */
  @FunctionalInterface
  public interface Devices {
    Optional<String> outInterface(String destination);
  }

  private final RouteTable table;
  private final Devices devices;
  private final Guard guard;

  public GuardedRouteTable(RouteTable table, Devices devices, Guard guard) {
    this.table = table;
    this.devices = devices;
    this.guard = guard;
  }

  @Override
  public List<Route> list() {
    return table.list();
  }

  @Override
  public void replace(Route route) {
    Optional<String> before = devices.outInterface(route.destination());
    table.replace(route);
    Optional<String> after = devices.outInterface(route.destination());
    after.ifPresent(dev -> guard.allow(route.destination(), dev));
    // The gateway moved to another interface: the old entry would let the range out the old way.
    before.filter(dev -> !after.equals(Optional.of(dev))).ifPresent(dev -> guard.unallow(route.destination(), dev));
  }

  @Override
  public void delete(Route route) {
    Optional<String> dev = devices.outInterface(route.destination());
    table.delete(route);
    dev.ifPresent(d -> guard.unallow(route.destination(), d));
  }

  /** The real table and guard: `ip route` and the pod network guard's chain for clusterCidr. */
  public static GuardedRouteTable of(IpRouteTable table, PodNetworkGuard guard) {
    return new GuardedRouteTable(table, table::outInterface, new Guard() {
      @Override
      public void allow(String cidr, String outInterface) {
        guard.allow(cidr, outInterface);
      }

      @Override
      public void unallow(String cidr, String outInterface) {
        guard.unallow(cidr, outInterface);
      }
    });
  }
}
