package io.kava.controllermanager.nodelifecycle;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Taint;
import io.kava.client.informer.Lister;
import io.kava.client.taints.Taints;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's zoneNoExecuteTainter and handleDisruption: nodes that are not Ready wait in their zone's
 * rate-limited queue for the NoExecute taint (not-ready or unreachable, after the Ready status) that
 * the taint manager acts on; the zone's rate follows its health, and when every zone is fully
 * disrupted (the control plane is likely the one cut off) nothing is tainted and the NoExecute taints
 * already set are taken off. Not thread-safe: the controller's monitor thread owns it.
 */
final class NoExecuteTainter {
  private static final Logger log = LoggerFactory.getLogger(NoExecuteTainter.class);
  static final Taint NOT_READY = Taints.taint(Taints.NOT_READY, Taints.NO_EXECUTE);
  static final Taint UNREACHABLE = Taints.taint(Taints.UNREACHABLE, Taints.NO_EXECUTE);

  private final NodeLifecycleConfig config;
  private final Clock clock;
  private final Lister<Node> nodes;
  private final TaintSwapper swapper;
  private final Map<String, RateLimitedQueue> queues = new HashMap<>();
  private final Map<String, ZoneState> zoneStates = new HashMap<>();

  NoExecuteTainter(NodeLifecycleConfig config, Clock clock, Lister<Node> nodes, TaintSwapper swapper) {
    this.config = config;
    this.clock = clock;
    this.nodes = nodes;
    this.swapper = swapper;
  }

  /** Upstream processTaintBaseEviction, after the node's Ready status of this pass. */
  void process(Node node, String readyStatus) {
    String zone = ZoneState.zoneOf(node);
    String name = node.getMetadata().getName();
    switch (readyStatus) {
      case "False" -> {
        if (Taints.has(node, Taints.UNREACHABLE, Taints.NO_EXECUTE)) {
          swapper.swap(node, List.of(NOT_READY), List.of(UNREACHABLE));
        } else {
          queue(zone).add(name);
        }
      }
      case "True" -> markReachable(node);
      default -> {
        if (Taints.has(node, Taints.NOT_READY, Taints.NO_EXECUTE)) {
          swapper.swap(node, List.of(UNREACHABLE), List.of(NOT_READY));
        } else {
          queue(zone).add(name);
        }
      }
    }
  }

  /** Takes both NoExecute taints off and the node out of its queue (upstream markNodeAsReachable). */
  void markReachable(Node node) {
    queue(ZoneState.zoneOf(node)).remove(node.getMetadata().getName());
    if (Taints.has(node, Taints.NOT_READY, Taints.NO_EXECUTE) || Taints.has(node, Taints.UNREACHABLE, Taints.NO_EXECUTE)) {
      swapper.swap(node, List.of(), List.of(NOT_READY, UNREACHABLE));
    }
  }

  /** Upstream doNoExecuteTaintingPass: taints the waiting nodes each zone's rate lets through. */
  void taintingPass() {
    queues.forEach((zone, queue) -> queue.tryEach(name -> {
      Optional<Node> cached = nodes.get("", name);
      if (cached.isEmpty()) {
        return true;
      }
      Node node = cached.get();
      return switch (NodeConditions.readyStatus(node)) {
        case "False" -> swapper.swap(node, List.of(NOT_READY), List.of(UNREACHABLE));
        case "True" -> true; // ready again meanwhile: nothing to do
        default -> swapper.swap(node, List.of(UNREACHABLE), List.of(NOT_READY));
      };
    }));
  }

  /**
   * Upstream handleDisruption: new zone states from each zone's Ready statuses; rates follow them,
   * and all zones fully disrupted stops tainting. Returns true when the cluster has just left a full
   * disruption (the caller then gives every node a fresh grace period).
   */
  boolean handleDisruption(Map<String, List<String>> readyByZone, List<Node> all) {
    Map<String, ZoneState> next = new HashMap<>();
    boolean allAreFullyDisrupted = true;
    for (var e : readyByZone.entrySet()) {
      ZoneState state = ZoneState.of(e.getValue(), config.unhealthyZoneThreshold());
      next.put(e.getKey(), state);
      zoneStates.putIfAbsent(e.getKey(), ZoneState.INITIAL);
      allAreFullyDisrupted &= state == ZoneState.FULL_DISRUPTION;
    }
    zoneStates.keySet().retainAll(readyByZone.keySet());
    queues.keySet().removeIf(zone -> !readyByZone.containsKey(zone) && queues.get(zone).size() == 0);
    boolean allWereFullyDisrupted = zoneStates.values().stream().allMatch(s -> s == ZoneState.FULL_DISRUPTION);
    if (allAreFullyDisrupted && allWereFullyDisrupted) {
      return false;
    }
    if (allAreFullyDisrupted) {
      log.info("Every zone is fully disrupted: stopped tainting nodes for eviction and removed their NoExecute taints");
      all.forEach(this::markReachable);
      zoneStates.replaceAll((zone, s) -> ZoneState.FULL_DISRUPTION);
      zoneStates.keySet().forEach(zone -> queue(zone).swapLimiter(0));
      return false;
    }
    if (allWereFullyDisrupted && !zoneStates.isEmpty()) {
      log.info("Left full disruption: resumed tainting nodes at the zones' rates");
      zoneStates.replaceAll((zone, s) -> setRate(zone, readyByZone.get(zone).size(), next.get(zone)));
      return true;
    }
    zoneStates.replaceAll((zone, s) -> s == next.get(zone) ? s : setRate(zone, readyByZone.get(zone).size(), next.get(zone)));
    return false;
  }

  private ZoneState setRate(String zone, int size, ZoneState state) {
    double rate = state.evictionRate(size, config);
    log.info("Zone {} is {}: tainting up to {} nodes a second", printable(zone), state, rate);
    queue(zone).swapLimiter(rate);
    return state;
  }

  private RateLimitedQueue queue(String zone) {
    return queues.computeIfAbsent(zone, z -> new RateLimitedQueue(config.evictionRate(), clock));
  }

  ZoneState zoneState(String zone) {
    return zoneStates.getOrDefault(zone, ZoneState.INITIAL);
  }

  private static String printable(String zone) {
    return zone.isEmpty() ? "(none)" : zone.replace(":\u0000:", "/");
  }
}
