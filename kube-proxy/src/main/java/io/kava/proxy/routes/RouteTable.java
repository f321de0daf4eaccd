package io.kava.proxy.routes;

import java.util.List;

/**
 * The host's routing table as far as the node route controller touches it: only routes it wrote
 * (tagged by their routing protocol) inside the cluster CIDR. {@link IpRouteTable} runs `ip route`;
 * tests use a fake.
 */
public interface RouteTable {
  /** The routes this table's owner wrote, inside the cluster CIDR. */
  List<Route> list();

  /** Adds the route, or moves its destination to the new gateway (ip route replace). */
  void replace(Route route);

  /** Deletes the route to this destination; nothing when there is none. */
  void delete(Route route);
}
