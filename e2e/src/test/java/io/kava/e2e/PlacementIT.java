package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.quantity.Quantity;
import io.kava.api.scheduling.v1.PriorityClass;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the real scheduler puts pods on the two real nodes of one shared cluster: required pod
 * anti-affinity on kubernetes.io/hostname (2 replicas on 2 nodes, the third Pending with the reason in
 * its PodScheduled condition), required pod affinity (every follower beside its partner), and a
 * topology spread of maxSkew 1 (4 replicas at 2 + 2 although preferred node affinity pulls them all to
 * one node), and preemption (a high-priority pod pinned to a full node takes the place of a
 * low-priority one). Placement is read from spec.nodeName as soon as the pods are bound; each test
 * deletes its workloads.
 */
class PlacementIT {
  private static final String NS = "default";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().start();
    client = cluster.client();
    workloads = new Workloads(client);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Deployments go with their pods (the garbage collector's cascade); bare pods at once. */
  @AfterEach
  void deleteWorkloads() {
    for (Deployment d : client.resource(Deployment.class).list(ListOptions.inNamespace(NS)).items()) {
      client.resource(Deployment.class).delete(NS, d.getMetadata().getName());
    }
    for (Pod p : client.resource(Pod.class).list(ListOptions.inNamespace(NS)).items()) {
      if (p.getMetadata().getOwnerReferencesCount() == 0) {
        client.resource(Pod.class).delete(NS, p.getMetadata().getName(), DeleteOptions.gracePeriod(0));
      }
    }
  }

  @Test
  void requiredAntiAffinityOnHostnamePutsTwoReplicasOnTwoNodesAndLeavesTheThirdPending() {
    workloads.create(deployment("apart", 3, """
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    labelSelector:
                      matchLabels:
                        app: apart
        """));

    await("2 of 3 replicas bound").atMost(TIMEOUT).until(() -> bound("app=apart").size() == 2
        && workloads.pods(NS, "app=apart").size() == 3);
    assertThat(bound("app=apart").values()).containsExactlyInAnyOrderElementsOf(cluster.nodeNames());
    Pod pending = workloads.pods(NS, "app=apart").stream().filter(p -> p.getSpec().getNodeName().isEmpty())
        .findFirst().orElseThrow();
    String name = pending.getMetadata().getName();
    await("the pending replica says why").atMost(TIMEOUT).until(() -> podScheduled(name).map(PodCondition::getMessage),
        m -> m.equals(Optional.of("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules."
            + " preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.")));
    assertThat(podScheduled(name).orElseThrow().getReason()).isEqualTo("Unschedulable");
  }

  @Test
  void requiredPodAffinityPutsEveryFollowerBesideItsPartner() {
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: partner
          labels:
            app: partner
        spec:
          terminationGracePeriodSeconds: 0
          containers:
          - name: main
            image: busybox
            command: ["sleep", "3600"]
        """);
    await("partner bound").atMost(TIMEOUT).until(() -> bound("app=partner").size() == 1);
    String partnerNode = bound("app=partner").get("partner");

    // Four replicas would spread over both nodes by default; affinity keeps them all beside the partner.
    workloads.create(deployment("follower", 4, """
              affinity:
                podAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    labelSelector:
                      matchLabels:
                        app: partner
        """));

    await("4 followers bound").atMost(TIMEOUT).until(() -> bound("app=follower").size() == 4);
    assertThat(bound("app=follower").values()).containsOnly(partnerNode);
  }

  @Test
  void aTopologySpreadOfMaxSkewOneKeepsFourReplicasAtTwoAndTwo() {
    String preferred = cluster.nodeNames().get(0);
    // A strong preference for the first node: without the constraint every replica would go there.
    workloads.create(deployment("even", 4, """
              topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: kubernetes.io/hostname
                whenUnsatisfiable: DoNotSchedule
                labelSelector:
                  matchLabels:
                    app: even
              affinity:
                nodeAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    preference:
                      matchExpressions:
                      - key: kubernetes.io/hostname
                        operator: In
                        values: [%s]
        """.formatted(preferred)));

    await("4 replicas bound").atMost(TIMEOUT).until(() -> bound("app=even").size() == 4);
    Map<String, Long> perNode = bound("app=even").values().stream()
        .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    assertThat(perNode).containsOnly(Map.entry(cluster.nodeNames().get(0), 2L), Map.entry(cluster.nodeNames().get(1), 2L));
  }

  @Test
  void aHighPriorityPodThatFitsNowherePreemptsALowPriorityOneAndRuns() {
    String node = cluster.nodeNames().get(0);
    long cpu = Quantity.parseOrNull(client.resource(Node.class).get("", node).getStatus().getAllocatableMap().get("cpu"))
        .milliValue();
    String request = (cpu * 6 / 10) + "m"; // two of them do not fit on the node together
    workloads.create(priorityClass("placement-low", 10));
    workloads.create(priorityClass("placement-high", 1000000));
    try {
      workloads.create(pinnedPod("victim", "placement-low", node, request));
      await("the low-priority pod bound").atMost(TIMEOUT).until(() -> bound("app=victim").size() == 1);
      workloads.create(pinnedPod("preemptor", "placement-high", node, request));

      await("the preemptor running on the node").atMost(TIMEOUT).until(() -> client.resource(Pod.class)
          .get(NS, "preemptor"), p -> p.getSpec().getNodeName().equals(node) && p.getStatus().getPhase().equals("Running"));
      assertThat(client.resource(Pod.class).get(NS, "preemptor").getStatus().getNominatedNodeName()).isEqualTo(node);
      assertThat(client.resource(Pod.class).list(ListOptions.inNamespace(NS)).items())
          .noneMatch(p -> p.getMetadata().getName().equals("victim") && p.getMetadata().getDeletionTimestamp().isEmpty());
    } finally {
      client.resource(PriorityClass.class).delete("", "placement-low");
      client.resource(PriorityClass.class).delete("", "placement-high");
    }
  }

  private static String priorityClass(String name, int value) {
    return """
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata:
          name: %s
        value: %d
        """.formatted(name, value);
  }

  /** A sleeper on NODE (by nodeSelector) with a cpu request, a priority class and a 1 s grace period. */
  private static String pinnedPod(String name, String priorityClassName, String node, String cpu) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %1$s
          labels:
            app: %1$s
        spec:
          priorityClassName: %2$s
          terminationGracePeriodSeconds: 1
          nodeSelector:
            kubernetes.io/hostname: %3$s
          containers:
          - name: main
            image: busybox
            command: ["sleep", "3600"]
            resources:
              requests:
                cpu: %4$s
        """.formatted(name, priorityClassName, node, cpu);
  }

  /** A Deployment of busybox sleepers labelled app=NAME, with more pod spec lines (indented 6). */
  private static String deployment(String name, int replicas, String specLines) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
        spec:
          replicas: %2$d
          selector:
            matchLabels:
              app: %1$s
          template:
            metadata:
              labels:
                app: %1$s
            spec:
              terminationGracePeriodSeconds: 0
              containers:
              - name: main
                image: busybox
                command: ["sleep", "3600"]
        """.formatted(name, replicas) + specLines;
  }

  /** The bound pods of the selector, by name, and their nodes. */
  private static Map<String, String> bound(String selector) {
    return workloads.pods(NS, selector).stream()
        .filter(p -> !p.getSpec().getNodeName().isEmpty() && p.getMetadata().getDeletionTimestamp().isEmpty())
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getSpec().getNodeName()));
  }

  private static Optional<PodCondition> podScheduled(String name) {
    return client.resource(Pod.class).get(NS, name).getStatus().getConditionsList().stream()
        .filter(c -> c.getType().equals("PodScheduled")).findFirst();
  }
}
