package io.kava.controllermanager.daemonset;

import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAffinity;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import io.kava.client.selector.NodeSelectors;
import io.kava.client.taints.Taints;
import io.kava.client.taints.Tolerations;
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.PodTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which nodes a DaemonSet's pod belongs on and the pod it puts there (upstream daemon/util): the
 * template with upstream's automatic tolerations, pinned to its node by a required node affinity
 * {@code metadata.name In [node]} that the scheduler honours.
 */
final class DaemonPods {
  static final String REVISION_LABEL = "controller-revision-hash";
  private static final String NAME_FIELD = "metadata.name";

  private DaemonPods() {}

  /** Upstream AddOrUpdateDaemonPodTolerations: a daemon pod stays through node trouble. */
  static List<Toleration> withAutomaticTolerations(PodSpec spec) {
    List<Toleration> tolerations = new ArrayList<>(spec.getTolerationsList());
    add(tolerations, Taints.NOT_READY, Taints.NO_EXECUTE);
    add(tolerations, Taints.UNREACHABLE, Taints.NO_EXECUTE);
    add(tolerations, Taints.DISK_PRESSURE, Taints.NO_SCHEDULE);
    add(tolerations, Taints.MEMORY_PRESSURE, Taints.NO_SCHEDULE);
    add(tolerations, Taints.PID_PRESSURE, Taints.NO_SCHEDULE);
    add(tolerations, Taints.UNSCHEDULABLE, Taints.NO_SCHEDULE);
    if (spec.getHostNetwork()) {
      add(tolerations, Taints.NETWORK_UNAVAILABLE, Taints.NO_SCHEDULE);
    }
    return tolerations;
  }

  private static void add(List<Toleration> tolerations, String key, String effect) {
    Toleration t = Toleration.newBuilder().setKey(key).setOperator("Exists").setEffect(effect).build();
    tolerations.removeIf(existing -> existing.getKey().equals(key) && existing.getEffect().equals(effect));
    tolerations.add(t);
  }

  /** Upstream nodeShouldRunDaemonPod: nodeSelector, required node affinity and NoSchedule/NoExecute taints. */
  static boolean shouldRun(DaemonSet ds, Node node) {
    if (!node.getMetadata().getDeletionTimestamp().isEmpty()) {
      return false;
    }
    PodSpec spec = ds.getSpec().getTemplate().getSpec();
    if (!NodeSelectors.matchesPod(spec, node)) {
      return false;
    }
    List<Toleration> tolerations = withAutomaticTolerations(spec);
    for (Taint taint : node.getSpec().getTaintsList()) {
      boolean blocks = taint.getEffect().equals(Taints.NO_SCHEDULE) || taint.getEffect().equals(Taints.NO_EXECUTE);
      if (blocks && !Tolerations.anyTolerates(tolerations, taint)) {
        return false;
      }
    }
    return true;
  }

  /** The pod for one node, named by the API server from {@code <ds>-}. */
  static Pod newPod(DaemonSet ds, String nodeName, String revision) {
    PodTemplateSpec template = ds.getSpec().getTemplate();
    PodSpec.Builder spec = template.getSpec().toBuilder()
        .clearTolerations().addAllTolerations(withAutomaticTolerations(template.getSpec()))
        .setAffinity(pinnedTo(template.getSpec().getAffinity(), nodeName));
    PodTemplateSpec pinned = template.toBuilder().setSpec(spec)
        .setMetadata(template.getMetadata().toBuilder().putLabels(REVISION_LABEL, revision)).build();
    return PodTemplates.podFromTemplate(pinned, ds.getMetadata().getNamespace(), ds.getMetadata().getName() + "-",
        OwnerReferences.newControllerRef(ds));
  }

  /** Upstream ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become one metadata.name term. */
  static Affinity pinnedTo(Affinity affinity, String nodeName) {
    NodeSelectorTerm term = NodeSelectorTerm.newBuilder().addMatchFields(NodeSelectorRequirement.newBuilder()
        .setKey(NAME_FIELD).setOperator("In").addValues(nodeName)).build();
    NodeAffinity.Builder nodeAffinity = affinity.getNodeAffinity().toBuilder()
        .setRequiredDuringSchedulingIgnoredDuringExecution(NodeSelector.newBuilder().addNodeSelectorTerms(term));
    return affinity.toBuilder().setNodeAffinity(nodeAffinity).build();
  }

  /** The node a daemon pod is on, or is pinned to while it waits for the scheduler. */
  static Optional<String> nodeOf(Pod pod) {
    if (!pod.getSpec().getNodeName().isEmpty()) {
      return Optional.of(pod.getSpec().getNodeName());
    }
    for (NodeSelectorTerm term : pod.getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTermsList()) {
      for (NodeSelectorRequirement r : term.getMatchFieldsList()) {
        if (r.getKey().equals(NAME_FIELD) && r.getOperator().equals("In") && r.getValuesCount() == 1) {
          return Optional.of(r.getValues(0));
        }
      }
    }
    return Optional.empty();
  }
}
