package io.kava.proxy.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A route table in memory: destination to gateway, and every write in order. */
final class FakeRouteTable implements RouteTable {
  final Map<String, String> routes = new LinkedHashMap<>();
  final List<String> writes = new ArrayList<>();

  @Override
  public List<Route> list() {
    return routes.entrySet().stream().map(e -> new Route(e.getKey(), e.getValue())).toList();
  }

  @Override
  public void replace(Route route) {
    routes.put(route.destination(), route.gateway());
    writes.add("replace " + route);
  }

  @Override
  public void delete(Route route) {
    if (routes.remove(route.destination()) != null) {
      writes.add("delete " + route.destination());
    }
  }
}
