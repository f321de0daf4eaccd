package io.kava.e2e;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinity;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.ScheduleResult;
import io.kava.scheduler.framework.SchedulingFramework;
import io.kava.scheduler.plugins.DefaultPlugins;
import io.kava.scheduler.plugins.DefaultSpreadSelector;
import io.kava.scheduler.plugins.NamespaceLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Benchmark, not a test: the scheduler's own cost of inter-pod anti-affinity, in process. The default
 * profile schedules PODS pods one cycle at a time over NODES nodes (4 cores, 16 GiB, four zones), each
 * placed pod counted on its node before the next cycle as the scheduler cache does, so the figures are
 * the filters and scores alone, without the API server. The pods are SchedulerBenchmark's (requests, a
 * zone affinity 3 of 4 nodes match, tolerations, a ReplicaSet owner whose selector gives the system
 * default spreading) in G groups; with anti-affinity every pod also has a required anti-affinity term on
 * kubernetes.io/hostname against its own group (G is chosen so that every pod fits). Baseline, same run:
 * the same pods without the term. Upstream's scheduler_perf knows anti-affinity as its costliest case.
 *
 * <p>Run with deploy/bench.sh pod-affinity [NODES] [PODS] (default 1000 and 2000).
 */
public final class PodAffinityBenchmark {
  private static final String NAMESPACE = "bench";

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    // 3 of 4 zones are eligible: each group must fit one pod per eligible node.
    int groups = (int) Math.ceil(pods / (nodes * 0.75)) + 1;
    List<Node> nodeObjects = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      nodeObjects.add(node("bench-node-" + i, NodeObjects.ZONES.get(i % NodeObjects.ZONES.size())));
    }
    // Warm-up, not reported: the JIT would otherwise favour whichever phase runs second.
    run(nodeObjects, Math.max(pods / 4, 1), groups, true);
    run(nodeObjects, Math.max(pods / 4, 1), groups, false);
    Phase plain = run(nodeObjects, pods, groups, false);
    Phase apart = run(nodeObjects, pods, groups, true);
    new BenchReport("pod-affinity", "Scheduling cycles in process, " + pods + " pods on " + nodes
        + " nodes, with required pod anti-affinity beside the same pods without it")
        .figure("pods scheduled per second", apart.perSecond(), plain.perSecond(), "pods/s", "")
        .latencies("cycle", "with anti-affinity", apart.cycles(), "without", plain.cycles(), "ms", "")
        .note("Anti-affinity: " + groups + " groups, each pod apart from its group on kubernetes.io/hostname; "
            + apart.placed() + " and " + plain.placed() + " of " + pods + " placed. The scheduling loop alone, on one "
            + "thread, without the API server (deploy/bench.sh scheduler measures the whole process).")
        .write(args);
  }

  /** One phase: cycles per pod and the whole run's rate. */
  record Phase(Samples cycles, long nanos, int placed) {
    double perSecond() {
      return placed / (nanos / 1e9);
    }
  }

  private static Phase run(List<Node> nodeObjects, int pods, int groups, boolean antiAffinity) {
    ReplicaSet owner = ReplicaSet.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(NAMESPACE).setName("bench"))
        .setSpec(ReplicaSetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "bench")))
        .build();
    DefaultPlugins.Lookups lookups = new DefaultPlugins.Lookups(NamespaceLabels.of(List.of()),
        new DefaultSpreadSelector(ns -> List.of(), (ns, name) -> Optional.of(owner), (ns, name) -> Optional.empty()));
    SchedulingFramework framework = DefaultPlugins.framework(new Random(1), 0, lookups);
    List<NodeInfo> snapshot = new ArrayList<>();
    Map<String, Integer> slot = new HashMap<>();
    for (Node n : nodeObjects) {
      slot.put(n.getMetadata().getName(), snapshot.size());
      snapshot.add(NodeInfo.of(n, List.of()));
    }
    Samples cycles = new Samples();
    int placed = 0;
    long start = System.nanoTime();
    for (int i = 0; i < pods; i++) {
      Pod pod = pod(i, groups, antiAffinity);
      long t0 = System.nanoTime();
      ScheduleResult result = framework.schedule(pod, List.copyOf(snapshot));
      if (result instanceof ScheduleResult.Assigned assigned) {
        // As the cache's assume: the node's info is rebuilt with the pod on it.
        int at = slot.get(assigned.nodeName());
        NodeInfo old = snapshot.get(at);
        List<Pod> onNode = new ArrayList<>(old.pods());
        onNode.add(pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(assigned.nodeName())).build());
        snapshot.set(at, NodeInfo.of(old.node(), onNode));
        placed++;
      }
      cycles.add((System.nanoTime() - t0) / 1e6);
    }
    return new Phase(cycles, System.nanoTime() - start, placed);
  }

  private static Pod pod(int i, int groups, boolean antiAffinity) {
    Pod pod = SchedulerBenchmark.pod(NAMESPACE, "pod-" + i, "default-scheduler", "uid-bench");
    String group = "g" + (i % groups);
    pod = pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().putLabels("group", group)).build();
    if (!antiAffinity) {
      return pod;
    }
    Affinity affinity = pod.getSpec().getAffinity().toBuilder().setPodAntiAffinity(PodAffinity.newBuilder()
        .addRequiredDuringSchedulingIgnoredDuringExecution(PodAffinityTerm.newBuilder()
            .setTopologyKey("kubernetes.io/hostname")
            .setLabelSelector(LabelSelector.newBuilder().putMatchLabels("group", group)))).build();
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setAffinity(affinity)).build();
  }

  private static Node node(String name, String zone) {
    Map<String, String> resources = Map.of("cpu", "4", "memory", "16Gi", "pods", "110");
    return Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName(name).putLabels("kubernetes.io/hostname", name)
            .putLabels("kubernetes.io/os", "linux").putLabels(NodeObjects.ZONE_LABEL, zone))
        .setStatus(NodeStatus.newBuilder().putAllCapacity(resources).putAllAllocatable(resources)
            .addConditions(NodeCondition.newBuilder().setType("Ready").setStatus("True")))
        .build();
  }
}
