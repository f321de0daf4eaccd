package io.kava.kubectl.describe;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodIP;
import io.kava.api.core.v1.Toleration;
import io.kava.api.core.v1.Volume;
import io.kava.kubectl.print.Selectors;
import java.time.Instant;

/** describe pod: node, start time, status, IPs, owner, containers, conditions, volumes, tolerations. */
final class PodDescriber {
  private PodDescriber() {}

  static void write(DescribeWriter w, Pod pod, Instant now) {
    var meta = pod.getMetadata();
    var spec = pod.getSpec();
    var status = pod.getStatus();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    if (spec.hasPriority()) {
      w.line(0, "Priority:", Integer.toString(spec.getPriority()));
    }
    if (!spec.getServiceAccountName().isEmpty()) {
      w.line(0, "Service Account:", spec.getServiceAccountName());
    }
    String node = spec.getNodeName().isEmpty() ? "<none>"
        : spec.getNodeName() + (status.getHostIp().isEmpty() ? "" : "/" + status.getHostIp());
    w.line(0, "Node:", node);
    if (!status.getStartTime().isEmpty()) {
      w.line(0, "Start Time:", w.time(status.getStartTime()));
    }
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    if (!meta.getDeletionTimestamp().isEmpty()) {
      w.line(0, "Status:", Describer.terminating(meta, now));
      w.line(0, "Termination Grace Period:", (meta.hasDeletionGracePeriodSeconds() ? meta.getDeletionGracePeriodSeconds()
          : spec.getTerminationGracePeriodSeconds()) + "s");
    } else {
      w.line(0, "Status:", status.getPhase().isEmpty() ? "Pending" : status.getPhase());
    }
    if (!status.getReason().isEmpty()) {
      w.line(0, "Reason:", status.getReason());
    }
    if (!status.getMessage().isEmpty()) {
      w.line(0, "Message:", status.getMessage().replace("\n", " "));
    }
    w.line(0, "IP:", status.getPodIp());
    if (status.getPodIpsCount() > 0) {
      w.line(0, "IPs:");
      for (PodIP ip : status.getPodIpsList()) {
        w.line(1, "IP:", ip.getIp());
      }
    } else {
      w.line(0, "IPs:", "<none>");
    }
    String owner = Describer.controlledBy(meta);
    if (owner != null) {
      w.line(0, "Controlled By:", owner);
    }
    if (spec.getInitContainersCount() > 0) {
      Containers.write(w, "Init Containers", 0, spec.getInitContainersList(), status.getInitContainerStatusesList());
    }
    Containers.write(w, "Containers", 0, spec.getContainersList(), status.getContainerStatusesList());
    if (status.getConditionsCount() > 0) {
      w.line(0, "Conditions:");
      w.line(1, "Type", "Status");
      for (PodCondition c : status.getConditionsList()) {
        w.line(1, c.getType(), c.getStatus() + " ");
      }
    }
    volumes(w, pod);
    if (!status.getQosClass().isEmpty()) {
      w.line(0, "QoS Class:", status.getQosClass());
    }
    w.line(0, "Node-Selectors:", spec.getNodeSelectorCount() == 0 ? "<none>" : Selectors.labels(spec.getNodeSelectorMap()));
    if (spec.getTolerationsCount() == 0) {
      w.line(0, "Tolerations:", "<none>");
    } else {
      boolean first = true;
      for (Toleration t : spec.getTolerationsList()) {
        w.line(0, first ? "Tolerations:" : "", toleration(t));
        first = false;
      }
    }
  }

  private static void volumes(DescribeWriter w, Pod pod) {
    if (pod.getSpec().getVolumesCount() == 0) {
      w.line(0, "Volumes:", "<none>");
      return;
    }
    w.line(0, "Volumes:");
    for (Volume v : pod.getSpec().getVolumesList()) {
      w.line(1, v.getName() + ":");
      if (v.hasEmptyDir()) {
        w.line(2, "Type:", "EmptyDir (a temporary directory that shares a pod's lifetime)");
        w.line(2, "Medium:", v.getEmptyDir().getMedium());
        w.line(2, "SizeLimit:", v.getEmptyDir().getSizeLimit().isEmpty() ? "<unset>" : v.getEmptyDir().getSizeLimit());
      } else if (v.hasHostPath()) {
        w.line(2, "Type:", "HostPath (bare host directory volume)");
        w.line(2, "Path:", v.getHostPath().getPath());
        w.line(2, "HostPathType:", v.getHostPath().getType());
      } else if (v.hasConfigMap()) {
        w.line(2, "Type:", "ConfigMap (a volume populated by a ConfigMap)");
        w.line(2, "Name:", v.getConfigMap().getName());
        w.line(2, "Optional:", Boolean.toString(v.getConfigMap().getOptional()));
      } else if (v.hasSecret()) {
        w.line(2, "Type:", "Secret (a volume populated by a Secret)");
        w.line(2, "SecretName:", v.getSecret().getSecretName());
        w.line(2, "Optional:", Boolean.toString(v.getSecret().getOptional()));
      } else if (v.hasPersistentVolumeClaim()) {
        w.line(2, "Type:", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
        w.line(2, "ClaimName:", v.getPersistentVolumeClaim().getClaimName());
        w.line(2, "ReadOnly:", Boolean.toString(v.getPersistentVolumeClaim().getReadOnly()));
      } else if (v.hasProjected()) {
        projected(w, v.getProjected());
      } else if (v.hasDownwardApi()) {
        w.line(2, "Type:", "DownwardAPI (a volume populated by information about the pod)");
        w.line(2, "Items:");
        for (var item : v.getDownwardApi().getItemsList()) {
          if (item.hasFieldRef()) {
            w.line(3, item.getFieldRef().getFieldPath() + " -> " + item.getPath());
          }
          if (item.hasResourceFieldRef()) {
            w.line(3, item.getResourceFieldRef().getResource() + " -> " + item.getPath());
          }
        }
      }
    }
  }

  /** As kubectl's printProjectedVolumeSource (an unset optional shows as Go's nil pointer does). */
  private static void projected(DescribeWriter w, io.kava.api.core.v1.ProjectedVolumeSource projected) {
    w.line(2, "Type:", "Projected (a volume that contains injected data from multiple sources)");
    for (var source : projected.getSourcesList()) {
      if (source.hasSecret()) {
        w.line(2, "SecretName:", source.getSecret().getName());
        w.line(2, "SecretOptionalName:", source.getSecret().hasOptional()
            ? Boolean.toString(source.getSecret().getOptional()) : "<nil>");
      } else if (source.hasDownwardApi()) {
        w.line(2, "DownwardAPI:", "true");
      } else if (source.hasConfigMap()) {
        w.line(2, "ConfigMapName:", source.getConfigMap().getName());
        w.line(2, "ConfigMapOptional:", source.getConfigMap().hasOptional()
            ? Boolean.toString(source.getConfigMap().getOptional()) : "<nil>");
      } else if (source.hasServiceAccountToken()) {
        w.line(2, "TokenExpirationSeconds:", Long.toString(source.getServiceAccountToken().hasExpirationSeconds()
            ? source.getServiceAccountToken().getExpirationSeconds() : 3600));
      }
    }
  }

  /** As kubectl: `key=value:Effect`, ` op=Exists` for a value-less Exists, ` for 300s`. */
  static String toleration(Toleration t) {
    StringBuilder b = new StringBuilder(t.getKey());
    if (!t.getValue().isEmpty()) {
      b.append('=').append(t.getValue());
    }
    if (!t.getEffect().isEmpty()) {
      b.append(':').append(t.getEffect());
    }
    if (t.getOperator().equals("Exists") && t.getValue().isEmpty()) {
      b.append(t.getKey().isEmpty() && t.getEffect().isEmpty() ? "op=Exists" : " op=Exists");
    }
    if (t.hasTolerationSeconds()) {
      b.append(" for ").append(t.getTolerationSeconds()).append('s');
    }
    return b.toString();
  }
}
