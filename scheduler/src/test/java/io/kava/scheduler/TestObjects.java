package io.kava.scheduler;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.scheduler.framework.NodeInfo;
import java.util.List;

/** Nodes and pods for scheduler tests, small enough to read in the assertion that uses them. */
public final class TestObjects {
  private TestObjects() {}

  /** A Ready node offering the given cpu, memory and pod count. */
  public static Node node(String name, String cpu, String memory, int pods) {
    return Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName(name).putLabels("kubernetes.io/hostname", name))
        .setSpec(NodeSpec.getDefaultInstance())
        .setStatus(NodeStatus.newBuilder()
            .putCapacity("cpu", cpu).putCapacity("memory", memory).putCapacity("pods", Integer.toString(pods))
            .putAllocatable("cpu", cpu).putAllocatable("memory", memory)
            .putAllocatable("pods", Integer.toString(pods))
            .addConditions(NodeCondition.newBuilder().setType("Ready").setStatus("True").setReason("KubeletReady")))
        .build();
  }

  public static Node node(String name) {
    return node(name, "4", "8Gi", 110);
  }

  public static Node cordoned(Node node) {
    return node.toBuilder().setSpec(node.getSpec().toBuilder().setUnschedulable(true)).build();
  }

  public static Node tainted(Node node, String key, String value, String effect) {
    return node.toBuilder().setSpec(node.getSpec().toBuilder()
        .addTaints(Taint.newBuilder().setKey(key).setValue(value).setEffect(effect))).build();
  }

  public static Node labeled(Node node, String key, String value) {
    return node.toBuilder().setMetadata(node.getMetadata().toBuilder().putLabels(key, value)).build();
  }

  public static Node withReady(Node node, String status) {
    return node.toBuilder().setStatus(node.getStatus().toBuilder().clearConditions()
        .addConditions(NodeCondition.newBuilder().setType("Ready").setStatus(status))).build();
  }

  /** A pod with one container requesting cpu and memory (either may be null: not requested). */
  public static Pod pod(String name, String cpu, String memory) {
    ResourceRequirements.Builder resources = ResourceRequirements.newBuilder();
    if (cpu != null) {
      resources.putRequests("cpu", cpu);
    }
    if (memory != null) {
      resources.putRequests("memory", memory);
    }
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name).setUid("uid-" + name))
        .setSpec(PodSpec.newBuilder().addContainers(
            Container.newBuilder().setName("app").setImage("busybox").setResources(resources)))
        .setStatus(PodStatus.newBuilder().setPhase("Pending"))
        .build();
  }

  public static Pod pod(String name) {
    return pod(name, null, null);
  }

  public static Pod ownedBy(Pod pod, String ownerUid) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().addOwnerReferences(OwnerReference.newBuilder()
        .setApiVersion("apps/v1").setKind("ReplicaSet").setName("rs-" + ownerUid).setUid(ownerUid).setController(true)))
        .build();
  }

  public static Pod boundTo(Pod pod, String nodeName) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(nodeName)).build();
  }

  public static Pod withPhase(Pod pod, String phase) {
    return pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPhase(phase)).build();
  }

  public static Pod tolerating(Pod pod, Toleration... tolerations) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().addAllTolerations(List.of(tolerations))).build();
  }

  public static Toleration toleration(String key, String operator, String value, String effect) {
    return Toleration.newBuilder().setKey(key).setOperator(operator).setValue(value).setEffect(effect).build();
  }

  public static Pod withHostPort(Pod pod, int hostPort, String protocol, String hostIp) {
    Container first = pod.getSpec().getContainers(0).toBuilder().addPorts(ContainerPort.newBuilder()
        .setContainerPort(hostPort).setHostPort(hostPort).setProtocol(protocol).setHostIp(hostIp)).build();
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setContainers(0, first)).build();
  }

  public static NodeInfo info(Node node, Pod... pods) {
    return NodeInfo.of(node, List.of(pods));
  }
}
