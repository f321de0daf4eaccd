package io.kava.controllermanager.testing;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.Times;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Workload objects for controller tests, built the way the API server would store them. */
public final class Workloads {
  public static final String NS = "default";

  private Workloads() {}

  public static PodTemplateSpec template(Map<String, String> labels) {
    return PodTemplateSpec.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().putAllLabels(labels))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("app").setImage("kava/busybox:latest")))
        .build();
  }

  public static ReplicaSet replicaSet(String name, int replicas, Map<String, String> labels) {
    return ReplicaSet.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
        .setMetadata(meta(name).setGeneration(1))
        .setSpec(ReplicaSetSpec.newBuilder().setReplicas(replicas)
            .setSelector(LabelSelector.newBuilder().putAllMatchLabels(labels))
            .setTemplate(template(labels)))
        .build();
  }

  public static Deployment deployment(String name, int replicas, Map<String, String> labels) {
    return Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(meta(name).setGeneration(1))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(replicas)
            .setSelector(LabelSelector.newBuilder().putAllMatchLabels(labels))
            .setTemplate(template(labels)))
        .build();
  }

  public static Job job(String name, Map<String, String> labels) {
    return Job.newBuilder().setApiVersion("batch/v1").setKind("Job")
        .setMetadata(meta(name).setGeneration(1))
        .setSpec(JobSpec.newBuilder().setSelector(LabelSelector.newBuilder().putAllMatchLabels(labels))
            .setManualSelector(true)
            .setTemplate(template(labels).toBuilder().setSpec(template(labels).getSpec().toBuilder()
                .setRestartPolicy("Never"))))
        .build();
  }

  public static Pod pod(String name, Map<String, String> labels) {
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(meta(name).putAllLabels(labels))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("app").setImage("kava/busybox:latest")))
        .setStatus(PodStatus.newBuilder().setPhase("Pending"))
        .build();
  }

  /** A metadata builder with a fresh uid and a creationTimestamp, as the API server fills them in. */
  public static ObjectMeta.Builder meta(String name) {
    return ObjectMeta.newBuilder().setNamespace(NS).setName(name).setUid(UUID.randomUUID().toString())
        .setCreationTimestamp(Times.now());
  }

  public static OwnerReference controllerRef(com.google.protobuf.Message owner) {
    return io.kava.controllermanager.util.OwnerReferences.newControllerRef(owner);
  }

  /** A copy controlled by the owner (any kind owning any kind). */
  public static <T extends com.google.protobuf.Message> T ownedBy(T object, com.google.protobuf.Message owner) {
    return io.kava.controllermanager.util.OwnerReferences.withOwnerReference(object, controllerRef(owner));
  }

  public static Pod onNode(Pod pod, String node) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(node)).build();
  }

  public static Pod inPhase(Pod pod, String phase) {
    return pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPhase(phase)).build();
  }

  /** Running on a node and Ready since the given instant. */
  public static Pod readySince(Pod pod, Instant since) {
    Pod p = inPhase(onNode(pod, "node-1"), "Running");
    return p.toBuilder().setStatus(p.getStatus().toBuilder()
        .addConditions(PodCondition.newBuilder().setType("Ready").setStatus("True")
            .setLastTransitionTime(Times.format(since)))).build();
  }

  public static Pod withRestarts(Pod pod, int restarts) {
    return pod.toBuilder().setStatus(pod.getStatus().toBuilder()
        .addContainerStatuses(ContainerStatus.newBuilder().setName("app").setRestartCount(restarts))).build();
  }

  public static Pod createdAt(Pod pod, Instant at) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().setCreationTimestamp(Times.format(at))).build();
  }

  public static Pod terminating(Pod pod) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().setDeletionTimestamp(Times.now())).build();
  }
}
