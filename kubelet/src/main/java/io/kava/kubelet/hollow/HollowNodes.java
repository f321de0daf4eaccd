package io.kava.kubelet.hollow;

import io.kava.client.KavaClient;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.kubelet.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many hollow kubelets in one JVM (kubemark's hollow-node, many per process). Each has its own pod
 * watch, Node and Lease; they share one gRPC channel, one work queue with a few workers (keys are
 * "node|namespace/name"), a heartbeat thread per 40 nodes (2 to 32) and eight registration threads. Each node's pod informer
 * has its own thread (client's SharedInformer), small with -Xss256k.
 */
public final class HollowNodes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HollowNodes.class);
  private static final char SEPARATOR = '|';

  private final HollowNodesConfig config;
  private final Map<String, HollowNode> nodes = new LinkedHashMap<>();
  private final WorkQueue queue = new WorkQueue("hollow-nodes", Duration.ofMillis(200), Duration.ofSeconds(30));
  private final ScheduledExecutorService heartbeats;
  /** Registration is a few round trips per node: several at once, so a thousand nodes register in seconds. */
  private final ScheduledExecutorService registration =
      Executors.newScheduledThreadPool(8, DaemonThreads.named("hollow-register"));
  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
  private List<Thread> workers = List.of();

  public HollowNodes(HollowNodesConfig config, KavaClient client) {
    this(config, client, Clock.systemUTC());
  }

  public HollowNodes(HollowNodesConfig config, KavaClient client, Clock clock) {
    this.config = config;
    // Heartbeats block on their RPC: 1000 nodes renew 100 Leases a second, which two threads cannot
    // do when each write takes tens of milliseconds (the node lifecycle controller then marks them Unknown).
    this.heartbeats = Executors.newScheduledThreadPool(Math.min(32, Math.max(2, config.count() / 40)),
        DaemonThreads.named("hollow-heartbeat"));
    for (int i = 0; i < config.count(); i++) {
      HollowNode node = new HollowNode(config, i, client, clock, queue::add);
      nodes.put(node.name(), node);
    }
  }

  static String key(String node, String podKey) {
    return node + SEPARATOR + podKey;
  }

  public void start() {
    workers = Workers.start("hollow-nodes", queue, config.workers(), this::sync);
    long statusMillis = config.nodeStatusReportPeriod().toMillis();
    long leaseMillis = config.leaseRenewPeriod().toMillis();
    int i = 0;
    for (HollowNode node : nodes.values()) {
      // Register at once; spread later heartbeats over their period, so they do not arrive as one burst.
      long share = i++;
      registration.execute(() -> register(node));
      heartbeats.scheduleWithFixedDelay(() -> beat("report the status of", node, node::reportStatus),
          statusMillis + share * statusMillis / nodes.size(), statusMillis, TimeUnit.MILLISECONDS);
      heartbeats.scheduleWithFixedDelay(() -> beat("renew the Lease of", node, node::renewLease),
          share * leaseMillis / nodes.size(), leaseMillis, TimeUnit.MILLISECONDS);
    }
    log.info("Started {} hollow nodes {}1..{}{} against API server {} ({} cpu, {} memory, {} pods each)",
        nodes.size(), config.namePrefix(), config.namePrefix(), nodes.size(), config.server(), config.cpu(),
        config.memory(), config.maxPods());
  }

  /** The Node first, then its pod watch: a pod can only be bound to a node that exists. */
  private void register(HollowNode node) {
    try {
      node.reportStatus();
      node.start();
    } catch (RuntimeException e) {
      if (failing.put(node.name(), true) == null) {
        log.warn("Failed to register hollow node {}, retrying: {}", node.name(), e.getMessage());
      }
      registration.schedule(() -> register(node), 1, TimeUnit.SECONDS);
    }
  }

  private void beat(String what, HollowNode node, Runnable call) {
    try {
      call.run();
      if (failing.remove(node.name() + what) != null) {
        log.info("Could {} hollow node {} again", what, node.name());
      }
    } catch (RuntimeException e) {
      if (failing.put(node.name() + what, true) == null) {
        log.warn("Failed to {} hollow node {}: {}", what, node.name(), e.getMessage());
      }
    }
  }

  private void sync(String key) {
    int at = key.indexOf(SEPARATOR);
    HollowNode node = nodes.get(key.substring(0, at));
    if (node != null) {
      node.sync(key.substring(at + 1));
    }
  }

  /** Nodes whose pod list has been read once. */
  public int synced() {
    return (int) nodes.values().stream().filter(HollowNode::hasSynced).count();
  }

  /** Pods the hollow nodes report running. */
  public int runningPods() {
    return nodes.values().stream().mapToInt(HollowNode::runningPods).sum();
  }

  public List<String> nodeNames() {
    return new ArrayList<>(nodes.keySet());
  }


  /** Stops watching and heartbeating; the Nodes stay (they go NotReady, as a stopped kubelet's do). */
  @Override
  public void close() {
    heartbeats.shutdownNow();
    registration.shutdownNow();
    queue.shutDown();
    nodes.values().forEach(HollowNode::close);
    for (Thread worker : workers) {
      try {
        worker.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    log.info("Stopped {} hollow nodes", nodes.size());
  }
}
