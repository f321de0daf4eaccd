package io.kava.controllermanager.nodelifecycle;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.Periodic;
import io.kava.controllermanager.util.PodsByNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's node lifecycle controller (pkg/controller/nodelifecycle). Every --node-monitor-period
 * it checks each node for a sign of life (a renewed kube-node-lease Lease or a new status heartbeat);
 * a node silent for longer than the grace period gets every condition Unknown, its pods Ready=False,
 * and (rate limited per zone, see {@link NoExecuteTainter}) the NoExecute taint the taint manager
 * evicts on. A work queue keyed by node name keeps the NoSchedule taints that follow the node's
 * conditions and spec.unschedulable (TaintNodesByCondition), as the scheduler reads them.
 */
public final class NodeLifecycleController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);
  public static final String NAME = "nodelifecycle";
  public static final String LEASE_NAMESPACE = "kube-node-lease";
  /** Upstream's nodeEvictionPeriod: how often the waiting nodes are tainted. */
  static final Duration TAINTING_PERIOD = Duration.ofMillis(100);

  private final KavaClient client;
  private final NodeLifecycleConfig config;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final NodeHealthTracker health = new NodeHealthTracker();
  private final TaintSwapper swapper;
  private final PodsNotReady podsNotReady;
  private Lister<Node> nodes;
  private Lister<Lease> leases;
  private Lister<Pod> pods;
  private NoExecuteTainter tainter;
  private Periodic loop;

  public NodeLifecycleController(KavaClient client, NodeLifecycleConfig config) {
    this(client, config, Clock.systemUTC());
  }

  public NodeLifecycleController(KavaClient client, NodeLifecycleConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.swapper = new TaintSwapper(client.resource(Node.class), clock);
    this.podsNotReady = new PodsNotReady(client.resource(Pod.class), clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var nodeInformer = informers.informer(Node.class);
    var podInformer = informers.informer(Pod.class);
    PodsByNode.index(podInformer);
    nodes = nodeInformer.lister();
    leases = informers.informer(Lease.class).lister();
    pods = podInformer.lister();
    tainter = new NoExecuteTainter(config, clock, nodes, swapper);
    nodeInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        queue.add(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(Node old, Node node) {
        queue.add(node.getMetadata().getName());
      }

      @Override
      public void onDelete(Node node) {}
    });
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::syncNoScheduleTaints);
    loop = new Periodic("nodelifecycle-monitor");
    loop.every(Duration.ZERO, config.monitorPeriod(), this::monitorNodeHealth, log, "Node health monitoring pass");
    loop.every(TAINTING_PERIOD, TAINTING_PERIOD, this::taintingPass, log, "Node tainting pass");
  }

  @Override
  public void stop() {
    queue.shutDown();
    if (loop != null) {
      loop.stop();
    }
  }

  /** Keeps the NoSchedule taints the node's conditions and spec.unschedulable call for. */
  public void syncNoScheduleTaints(String name) {
    Optional<Node> cached = nodes.get("", name);
    if (cached.isEmpty()) {
      return;
    }
    Node node = cached.get();
    var add = ConditionTaints.toAdd(node);
    var remove = ConditionTaints.toRemove(node);
    if ((!add.isEmpty() || !remove.isEmpty()) && !swapper.swap(node, add, remove)) {
      throw new IllegalStateException("could not change the NoSchedule taints of node " + name);
    }
  }

  /** One monitor pass (upstream monitorNodeHealth); the monitor thread calls it, tests call it directly. */
  public synchronized void monitorNodeHealth() {
    Instant now = clock.instant();
    List<Node> all = nodes.list();
    Map<String, List<String>> readyByZone = new HashMap<>();
    Set<String> names = new HashSet<>();
    List<Node> current = new ArrayList<>();
    for (Node node : all) {
      String name = node.getMetadata().getName();
      names.add(name);
      Lease lease = leases.get(LEASE_NAMESPACE, name).orElse(null);
      Node seen = node;
      if (health.observeAndCheckStale(node, lease, now, config)) {
        seen = markUnknown(node, now);
      }
      current.add(seen);
      String ready = NodeConditions.readyStatus(seen);
      readyByZone.computeIfAbsent(ZoneState.zoneOf(seen), z -> new ArrayList<>()).add(ready);
      if (ready.isEmpty()) {
        continue; // never posted Ready and still within the startup grace period: nothing to judge, as upstream
      }
      tainter.process(seen, ready);
      if (!"True".equals(ready)) {
        podsNotReady.mark(name, PodsByNode.on(pods, name));
      }
    }
    health.retain(names);
    if (tainter.handleDisruption(readyByZone, current)) {
      health.resetProbes(now);
    }
  }

  /** Taints the nodes their zone's rate lets through (upstream doNoExecuteTaintingPass). */
  public synchronized void taintingPass() {
    tainter.taintingPass();
  }

  private Node markUnknown(Node node, Instant now) {
    NodeStatus unknown = NodeConditions.markUnknown(node, now);
    if (unknown.equals(node.getStatus())) {
      return node;
    }
    try {
      Node written = client.resource(Node.class).updateStatus(node.toBuilder().setStatus(unknown).build());
      log.info("Node {} stopped posting status for longer than {} s: marked its conditions Unknown",
          node.getMetadata().getName(), config.gracePeriod().toSeconds());
      return written;
    } catch (ApiException e) {
      log.warn("Failed to mark node {} Unknown: {}", node.getMetadata().getName(), e.getMessage());
      return node;
    }
  }

  NoExecuteTainter tainter() {
    return tainter;
  }
}
