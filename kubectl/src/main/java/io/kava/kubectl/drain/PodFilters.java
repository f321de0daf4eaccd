package io.kava.kubectl.drain;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.api.meta.v1.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which pods of a node a drain removes, as kubectl's pkg/drain filters: DaemonSet pods stay (an error
 * without --ignore-daemonsets), mirror pods stay, pods with emptyDir need --delete-emptydir-data,
 * pods no controller owns need --force; finished pods always go. As kubectl, a pod's status is that
 * of the last filter it went through, so only that filter's warning is shown.
 */
public final class PodFilters {
  static final String DAEMON_SET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
  static final String DAEMON_SET_WARNING = "ignoring DaemonSet-managed Pods";
  static final String LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)";
  static final String LOCAL_STORAGE_WARNING = "deleting Pods with local storage";
  static final String UNMANAGED_FATAL = "Pods declare no controller (use --force to override)";
  static final String UNMANAGED_WARNING = "deleting Pods that declare no controller";
  static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

  private PodFilters() {}

  enum Reason { OKAY, SKIP, WARNING, ERROR }

  /** kubectl's PodDeleteStatus. */
  record Status(boolean delete, Reason reason, String message) {
    static final Status OKAY = new Status(true, Reason.OKAY, "");
    static final Status SKIP = new Status(false, Reason.SKIP, "");

    static Status warning(boolean delete, String message) {
      return new Status(delete, Reason.WARNING, message);
    }

    static Status error(String message) {
      return new Status(false, Reason.ERROR, message);
    }
  }

  /** Every pod of the node with its verdict. */
  public record PodDeleteList(List<Pod> pods, List<Status> statuses) {
    /** The pods to evict or delete. */
    public List<Pod> toDelete() {
      List<Pod> out = new ArrayList<>();
      for (int i = 0; i < pods.size(); i++) {
        if (statuses.get(i).delete()) {
          out.add(pods.get(i));
        }
      }
      return out;
    }

    /** "ignoring DaemonSet-managed Pods: default/a; deleting Pods that declare no controller: default/b", or "". */
    public String warnings() {
      return String.join("; ", grouped(Reason.WARNING, (msg, names) -> msg + ": " + names));
    }

    /** kubectl's errors: "cannot delete Pods declare no controller (use --force to override): default/b". */
    public List<String> errors() {
      return grouped(Reason.ERROR, (msg, names) -> "cannot delete " + (msg.isEmpty() ? "unexpected error" : msg) + ": " + names);
    }

    private List<String> grouped(Reason reason, java.util.function.BiFunction<String, String, String> line) {
      Map<String, List<String>> byMessage = new TreeMap<>();
      for (int i = 0; i < pods.size(); i++) {
        if (statuses.get(i).reason() == reason) {
          Pod p = pods.get(i);
          byMessage.computeIfAbsent(statuses.get(i).message(), k -> new ArrayList<>())
              .add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
        }
      }
      List<String> out = new ArrayList<>();
      byMessage.forEach((msg, names) -> out.add(line.apply(msg, String.join(", ", names))));
      return out;
    }
  }

  public static PodDeleteList filter(List<Pod> pods, DrainFlags flags) {
    List<Function<Pod, Status>> filters = List.of(
        pod -> daemonSet(pod, flags), PodFilters::mirrorPod, pod -> localStorage(pod, flags), pod -> unreplicated(pod, flags));
    List<Status> statuses = new ArrayList<>();
    for (Pod pod : pods) {
      Status status = Status.OKAY;
      for (Function<Pod, Status> filter : filters) {
        status = filter.apply(pod);
        if (!status.delete()) {
          break; // filtered out: no later filter changes that
        }
      }
      statuses.add(status);
    }
    return new PodDeleteList(List.copyOf(pods), List.copyOf(statuses));
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  private static OwnerReference controllerOf(Pod pod) {
    return pod.getMetadata().getOwnerReferencesList().stream()
        .filter(r -> r.hasController() && r.getController()).findFirst().orElse(null);
  }

  /** Kava has no DaemonSet kind yet: a controllerRef of kind DaemonSet is taken at its word. */
  static Status daemonSet(Pod pod, DrainFlags flags) {
    OwnerReference ref = controllerOf(pod);
    if (ref == null || !ref.getKind().equals("DaemonSet") || finished(pod)) {
      return Status.OKAY;
    }
    return flags.ignoreDaemonSets() ? Status.warning(false, DAEMON_SET_WARNING) : Status.error(DAEMON_SET_FATAL);
  }

  static Status mirrorPod(Pod pod) {
    return pod.getMetadata().containsAnnotations(MIRROR_POD_ANNOTATION) ? Status.SKIP : Status.OKAY;
  }

  static Status localStorage(Pod pod, DrainFlags flags) {
    boolean emptyDir = pod.getSpec().getVolumesList().stream().anyMatch(Volume::hasEmptyDir);
    if (!emptyDir || finished(pod)) {
      return Status.OKAY;
    }
    return flags.deleteEmptyDirData() ? Status.warning(true, LOCAL_STORAGE_WARNING) : Status.error(LOCAL_STORAGE_FATAL);
  }

  static Status unreplicated(Pod pod, DrainFlags flags) {
    if (finished(pod) || controllerOf(pod) != null) {
      return Status.OKAY;
    }
    return flags.force() ? Status.warning(true, UNMANAGED_WARNING) : Status.error(UNMANAGED_FATAL);
  }
}
