package io.kava.kubectl.describe;

import com.google.protobuf.Message;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimCondition;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.storage.StorageNames;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Selectors;
import io.kava.kubectl.print.StorageColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** describe pvc, pv and storageclass, as kubectl 1.32's describers. */
final class StorageDescribers {
  private StorageDescribers() {}

  static void claim(DescribeWriter w, Session session, PersistentVolumeClaim pvc, Instant now) {
    ObjectMeta meta = pvc.getMetadata();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    w.line(0, "StorageClass:", pvc.getSpec().getStorageClassName());
    w.line(0, "Status:", status(meta, pvc.getStatus().getPhase(), now));
    w.line(0, "Volume:", pvc.getSpec().getVolumeName());
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "Finalizers:", finalizers(meta));
    boolean bound = !pvc.getSpec().getVolumeName().isEmpty();
    w.line(0, "Capacity:", bound ? pvc.getStatus().getCapacityOrDefault("storage", "") : "");
    w.line(0, "Access Modes:", bound ? StorageColumns.accessModes(pvc.getStatus().getAccessModesList()) : "");
    if (pvc.getSpec().hasVolumeMode()) {
      w.line(0, "VolumeMode:", pvc.getSpec().getVolumeMode());
    }
    List<String> users = usedBy(session, pvc);
    if (users.isEmpty()) {
      w.line(0, "Used By:", "<none>");
    }
    for (int i = 0; i < users.size(); i++) {
      w.line(0, i == 0 ? "Used By:" : "", users.get(i));
    }
    if (pvc.getStatus().getConditionsCount() > 0) {
      w.line(0, "Conditions:");
      w.line(1, "Type", "Status", "LastProbeTime", "LastTransitionTime", "Reason", "Message");
      w.line(1, "----", "------", "-----------------", "------------------", "------", "-------");
      for (PersistentVolumeClaimCondition c : pvc.getStatus().getConditionsList()) {
        w.line(1, c.getType() + " ", c.getStatus() + " ", w.time(c.getLastProbeTime()) + " ",
            w.time(c.getLastTransitionTime()) + " ", c.getReason() + " ", c.getMessage());
      }
    }
  }

  static void volume(DescribeWriter w, PersistentVolume pv, Instant now) {
    ObjectMeta meta = pv.getMetadata();
    var spec = pv.getSpec();
    w.line(0, "Name:", meta.getName());
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "Finalizers:", finalizers(meta));
    w.line(0, "StorageClass:", spec.getStorageClassName());
    w.line(0, "Status:", status(meta, pv.getStatus().getPhase(), now));
    w.line(0, "Claim:", spec.hasClaimRef() ? spec.getClaimRef().getNamespace() + "/" + spec.getClaimRef().getName() : "");
    w.line(0, "Reclaim Policy:", spec.getPersistentVolumeReclaimPolicy());
    w.line(0, "Access Modes:", StorageColumns.accessModes(spec.getAccessModesList()));
    if (spec.hasVolumeMode()) {
      w.line(0, "VolumeMode:", spec.getVolumeMode());
    }
    w.line(0, "Capacity:", spec.getCapacityOrDefault("storage", ""));
    if (!spec.hasNodeAffinity() || !spec.getNodeAffinity().hasRequired()) {
      w.line(0, "Node Affinity:", "<none>");
    } else {
      w.line(0, "Node Affinity:", "");
      var terms = spec.getNodeAffinity().getRequired().getNodeSelectorTermsList();
      w.line(1, "Required Terms:", terms.isEmpty() ? "<none>" : "");
      for (int i = 0; i < terms.size(); i++) {
        List<NodeSelectorRequirement> reqs = terms.get(i).getMatchExpressionsList();
        if (reqs.isEmpty()) {
          w.line(2, "Term " + i + ":", "<none>");
        }
        for (int j = 0; j < reqs.size(); j++) {
          w.line(2, j == 0 ? "Term " + i + ":" : "", requirement(reqs.get(j)));
        }
      }
    }
    w.line(0, "Message:", pv.getStatus().getMessage());
    w.line(0, "Source:");
    if (spec.hasHostPath()) {
      w.line(2, "Type:", "HostPath (bare host directory volume)");
      w.line(2, "Path:", spec.getHostPath().getPath());
      w.line(2, "HostPathType:", spec.getHostPath().getType());
    } else if (spec.hasLocal()) {
      w.line(2, "Type:", "LocalVolume (a persistent volume backed by local storage on a node)");
      w.line(2, "Path:", spec.getLocal().getPath());
    } else {
      w.line(1, "<unknown>");
    }
  }

  static void storageClass(DescribeWriter w, StorageClass sc) {
    ObjectMeta meta = sc.getMetadata();
    w.line(0, "Name:", meta.getName());
    w.line(0, "IsDefaultClass:",
        "true".equals(meta.getAnnotationsOrDefault(StorageNames.DEFAULT_CLASS_ANNOTATION, "")) ? "Yes" : "No");
    w.line(0, "Annotations:", Selectors.labels(meta.getAnnotationsMap()));
    w.line(0, "Provisioner:", sc.getProvisioner());
    w.line(0, "Parameters:", Selectors.labels(sc.getParametersMap()));
    w.line(0, "AllowVolumeExpansion:", sc.hasAllowVolumeExpansion()
        ? (sc.getAllowVolumeExpansion() ? "True" : "False") : "<unset>");
    if (sc.getMountOptionsCount() == 0) {
      w.line(0, "MountOptions:", "<none>");
    } else {
      w.line(0, "MountOptions:");
      sc.getMountOptionsList().forEach(o -> w.line(1, o));
    }
    if (sc.hasReclaimPolicy()) {
      w.line(0, "ReclaimPolicy:", sc.getReclaimPolicy());
    }
    if (sc.hasVolumeBindingMode()) {
      w.line(0, "VolumeBindingMode:", sc.getVolumeBindingMode());
    }
    if (sc.getAllowedTopologiesCount() > 0) {
      w.line(0, "AllowedTopologies:", "");
      for (int i = 0; i < sc.getAllowedTopologiesCount(); i++) {
        var exprs = sc.getAllowedTopologies(i).getMatchLabelExpressionsList();
        if (exprs.isEmpty()) {
          w.line(1, "Term " + i + ":", "<none>");
        }
        for (int j = 0; j < exprs.size(); j++) {
          w.line(1, j == 0 ? "Term " + i + ":" : "", exprs.get(j).getKey() + " in ["
              + String.join(", ", exprs.get(j).getValuesList()) + "]");
        }
      }
    }
  }

  /** The phase, or "Terminating (lasts 5s)" once deleted. */
  private static String status(ObjectMeta meta, String phase, Instant now) {
    return meta.getDeletionTimestamp().isEmpty() ? phase : Describer.terminating(meta, now);
  }

  /** Go's %v of a string slice: [a b]. */
  private static String finalizers(ObjectMeta meta) {
    return "[" + String.join(" ", meta.getFinalizersList()) + "]";
  }

  private static String requirement(NodeSelectorRequirement r) {
    String expr = r.getKey() + " " + r.getOperator().toLowerCase(java.util.Locale.ROOT);
    return r.getValuesCount() == 0 ? expr : expr + " [" + String.join(", ", r.getValuesList()) + "]";
  }

  /** The pods of the claim's namespace with a volume naming it, sorted by name, as kubectl's getPodsForPVC. */
  private static List<String> usedBy(Session session, PersistentVolumeClaim pvc) {
    List<Message> pods;
    try {
      pods = session.resource(Kinds.POD).list(ListOptions.inNamespace(pvc.getMetadata().getNamespace())).items();
    } catch (ApiException e) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Message m : pods) {
      Pod pod = (Pod) m;
      for (Volume v : pod.getSpec().getVolumesList()) {
        if (v.hasPersistentVolumeClaim() && v.getPersistentVolumeClaim().getClaimName().equals(pvc.getMetadata().getName())) {
          names.add(pod.getMetadata().getName());
          break;
        }
      }
    }
    names.sort(null);
    return names;
  }
}
