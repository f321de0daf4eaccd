package io.kava.controllermanager.nodelifecycle;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.client.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's nodeHealthMap: when this controller last saw each node show a sign of life. A sign of
 * life is a new Ready heartbeat in the node's status or a later renewTime on its Lease; the time
 * recorded is this controller's own clock at the moment it noticed, never a timestamp the kubelet
 * wrote, so a kubelet whose clock is off is judged correctly.
 */
final class NodeHealthTracker {
  private record Health(String heartbeat, Instant renewTime, Instant probeTimestamp) {}

  private final Map<String, Health> health = new HashMap<>();

  /**
   * Records what the node and its Lease (null when it has none) show at {@code now}, and answers
   * whether the node has gone longer than its grace period without a sign of life.
   */
  boolean observeAndCheckStale(Node node, Lease lease, Instant now, NodeLifecycleConfig config) {
    String name = node.getMetadata().getName();
    Optional<NodeCondition> ready = NodeConditions.ready(node);
    String heartbeat = ready.map(NodeCondition::getLastHeartbeatTime).orElse(null);
    Health saved = health.get(name);
    Instant probe;
    if (saved == null) {
      // First sight (or a restarted controller): a full grace period from now, as upstream.
      probe = now;
    } else if (!Objects.equals(saved.heartbeat, heartbeat)) {
      probe = now;
    } else {
      probe = saved.probeTimestamp;
    }
    Instant renew = lease == null ? null : Times.parse(lease.getSpec().getRenewTime());
    Instant savedRenew = saved == null ? null : saved.renewTime;
    if (renew != null && (savedRenew == null || savedRenew.isBefore(renew))) {
      probe = now;
    } else {
      renew = savedRenew;
    }
    health.put(name, new Health(heartbeat, renew, probe));
    Duration grace = ready.isPresent() ? config.gracePeriod() : config.startupGracePeriod();
    return now.isAfter(probe.plus(grace));
  }

  /** Everyone gets a fresh grace period (leaving a full disruption, as upstream). */
  void resetProbes(Instant now) {
    health.replaceAll((name, h) -> new Health(h.heartbeat, h.renewTime, now));
  }

  /** Forgets nodes that no longer exist. */
  void retain(Set<String> nodes) {
    health.keySet().retainAll(nodes);
  }

  boolean knows(String node) {
    return health.containsKey(node);
  }
}
