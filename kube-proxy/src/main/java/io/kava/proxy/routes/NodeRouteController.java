package io.kava.proxy.routes;

import io.kava.api.core.v1.Node;
import io.kava.client.workqueue.Reconciler;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a route to every other Node's pod range through that Node's InternalIP (flannel's host-gw,
 * kindnet), in the controller shape: the key is a Node's name; the sync reads the Node from the cache,
 * computes the route it wants ({@link NodeRoutes}) and writes the difference from the route it wrote
 * for that Node before (a Node deleted, or its podCIDR or address changed). Idempotent: a second sync
 * of an unchanged Node writes nothing. Routes of an earlier run are adopted or removed by {@link #sweep}.
 */
public final class NodeRouteController implements Reconciler {
  private static final Logger log = LoggerFactory.getLogger(NodeRouteController.class);

  private final RouteTable table;
  private final Function<String, Optional<Node>> nodes;
  private final String ownNodeName;
  /** Node name to the route this controller last wrote for it. */
  private final Map<String, Route> written = new HashMap<>();
  private boolean stopped;

  /**
   * @param nodes the Node cache's lookup by name (a lister's get)
   * @param ownNodeName this host's Node, which gets no route (its pods are on its own bridge)
   */
  public NodeRouteController(RouteTable table, Function<String, Optional<Node>> nodes, String ownNodeName) {
    this.table = table;
    this.nodes = nodes;
    this.ownNodeName = ownNodeName;
  }

  @Override
  public synchronized void reconcile(String nodeName) {
    if (stopped) {
      return; // after removeAll: a sync still on its way must not put a route back
    }
    Optional<Route> want = nodes.apply(nodeName).flatMap(n -> NodeRoutes.of(n, ownNodeName));
    Route had = written.get(nodeName);
    if (want.isPresent() && want.get().equals(had)) {
      return;
    }
    if (had != null && (want.isEmpty() || !want.get().destination().equals(had.destination()))
        && !wantedByAnother(nodeName, had.destination())) {
      table.delete(had);
      log.info("Removed the route {} of node {}", had, nodeName);
    }
    written.remove(nodeName);
    if (want.isPresent()) {
      table.replace(want.get());
      written.put(nodeName, want.get());
      log.info("Routed the pods of node {}: {}", nodeName, want.get());
    }
  }

  /**
   * After the first list: routes in the table (of an earlier run) that no Node wants any more are
   * deleted; the others are reconciled like any Node.
   */
  public synchronized void sweep(Collection<Node> all) {
    Set<String> wanted = new HashSet<>();
    for (Node node : all) {
      NodeRoutes.of(node, ownNodeName).ifPresent(r -> wanted.add(r.destination()));
    }
    for (Route route : table.list()) {
      if (!wanted.contains(route.destination())) {
        table.delete(route);
        log.info("Removed the route {} that no node wants", route);
      }
    }
  }

  /** On exit: every route this controller wrote goes, so a stopped host leaves no route behind. */
  public synchronized void removeAll() {
    stopped = true;
    for (Map.Entry<String, Route> e : List.copyOf(written.entrySet())) {
      table.delete(e.getValue());
      written.remove(e.getKey());
      log.info("Removed the route {} of node {}", e.getValue(), e.getKey());
    }
  }

  /** `kube-proxy --cleanup`: every route of Kava's in the table goes, whoever's Node it was. */
  public static void removeWritten(RouteTable table) {
    new NodeRouteController(table, name -> Optional.empty(), "").sweep(List.of());
  }

  /** Two Nodes briefly naming the same podCIDR (one replaced the other): the live one keeps the route. */
  private boolean wantedByAnother(String nodeName, String destination) {
    return written.entrySet().stream()
        .anyMatch(e -> !e.getKey().equals(nodeName) && e.getValue().destination().equals(destination));
  }
}
