package io.kava.kubectl.describe;

import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.meta.v1.IntOrString;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Selectors;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** describe statefulset and daemonset (upstream describeStatefulSet, describeDaemonSet), fields in kubectl's order. */
final class SetDescribers {
  private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

  private SetDescribers() {}

  static void statefulSet(DescribeWriter w, Session session, StatefulSet set) {
    var meta = set.getMetadata();
    var spec = set.getSpec();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    w.line(0, "CreationTimestamp:", w.time(meta.getCreationTimestamp()));
    w.line(0, "Selector:", Selectors.format(spec.getSelector()));
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "Replicas:", (spec.hasReplicas() ? spec.getReplicas() : 1) + " desired | " + set.getStatus().getReplicas()
        + " total");
    w.line(0, "Update Strategy:", spec.getUpdateStrategy().getType());
    var ru = spec.getUpdateStrategy().getRollingUpdate();
    if (spec.getUpdateStrategy().hasRollingUpdate() && ru.hasPartition()) {
      w.line(1, "Partition:", Integer.toString(ru.getPartition()));
      if (ru.getMaxUnavailable().getValueCase() != IntOrString.ValueCase.VALUE_NOT_SET) {
        w.line(1, "MaxUnavailable:", ru.getMaxUnavailable().hasIntVal()
            ? Integer.toString(ru.getMaxUnavailable().getIntVal()) : ru.getMaxUnavailable().getStrVal());
      }
    }
    w.line(0, "Pods Status:", WorkloadDescribers.podsStatus(session, meta, spec.getSelector()));
    WorkloadDescribers.podTemplate(w, spec.getTemplate());
    volumeClaims(w, spec.getVolumeClaimTemplatesList());
  }

  /** Upstream describeVolumeClaimTemplates; access modes as Go prints a slice. */
  private static void volumeClaims(DescribeWriter w, List<PersistentVolumeClaim> templates) {
    if (templates.isEmpty()) {
      w.line(0, "Volume Claims:", "<none>");
      return;
    }
    w.line(0, "Volume Claims:");
    for (PersistentVolumeClaim claim : templates) {
      var meta = claim.getMetadata();
      w.line(1, "Name:", meta.getName());
      w.line(1, "StorageClass:", meta.getAnnotationsOrDefault(BETA_STORAGE_CLASS, claim.getSpec().getStorageClassName()));
      w.labels(1, "Labels", meta.getLabelsMap());
      w.labels(1, "Annotations", meta.getAnnotationsMap());
      var requests = claim.getSpec().getResources().getRequestsMap();
      w.line(1, "Capacity:", requests.containsKey("storage") ? requests.get("storage") : "<default>");
      w.line(1, "Access Modes:", "[" + String.join(" ", claim.getSpec().getAccessModesList()) + "]");
    }
  }

  static void daemonSet(DescribeWriter w, Session session, DaemonSet ds) {
    var meta = ds.getMetadata();
    var st = ds.getStatus();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    w.line(0, "Selector:", Selectors.format(ds.getSpec().getSelector()));
    w.line(0, "Node-Selector:", formatLabels(ds.getSpec().getTemplate().getSpec().getNodeSelectorMap()));
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    // No tab in these lines: kubectl does not align them with the rest.
    w.line(0, "Desired Number of Nodes Scheduled: " + st.getDesiredNumberScheduled());
    w.line(0, "Current Number of Nodes Scheduled: " + st.getCurrentNumberScheduled());
    w.line(0, "Number of Nodes Scheduled with Up-to-date Pods: " + st.getUpdatedNumberScheduled());
    w.line(0, "Number of Nodes Scheduled with Available Pods: " + st.getNumberAvailable());
    w.line(0, "Number of Nodes Misscheduled: " + st.getNumberMisscheduled());
    w.line(0, "Pods Status:", WorkloadDescribers.podsStatus(session, meta, ds.getSpec().getSelector()));
    WorkloadDescribers.podTemplate(w, ds.getSpec().getTemplate());
  }

  /** Upstream labels.FormatLabels: sorted k=v joined by commas, or <none>. */
  private static String formatLabels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "<none>";
    }
    return String.join(",", new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }
}
