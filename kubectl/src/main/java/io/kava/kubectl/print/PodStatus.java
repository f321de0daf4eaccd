package io.kava.kubectl.print;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The READY, STATUS and RESTARTS columns of a pod, computed as kubectl's printPod does: the phase, unless a
 * container is waiting (CrashLoopBackOff, ImagePullBackOff, ContainerCreating), terminated (Completed,
 * Error, ExitCode:N) or an init container is still running (Init:0/1); Terminating once deletion started.
 */
public record PodStatus(String ready, String status, String restarts) {

  public static PodStatus of(Pod pod, Instant now) {
    int restarts = 0;
    int totalContainers = pod.getSpec().getContainersCount();
    int readyContainers = 0;
    Instant lastRestart = null;
    String phase = pod.getStatus().getPhase();
    String reason = phase.isEmpty() ? "Pending" : phase;
    if (!pod.getStatus().getReason().isEmpty()) {
      reason = pod.getStatus().getReason();
    }
    for (PodCondition c : pod.getStatus().getConditionsList()) {
      if (c.getType().equals("PodScheduled") && c.getReason().equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }

    Map<String, Container> initContainers = new HashMap<>();
    for (Container c : pod.getSpec().getInitContainersList()) {
      initContainers.put(c.getName(), c);
      if (isSidecar(c)) {
        totalContainers++;
      }
    }

    boolean initializing = false;
    int sidecarRestarts = 0;
    Instant lastSidecarRestart = null;
    for (int i = 0; i < pod.getStatus().getInitContainerStatusesCount(); i++) {
      ContainerStatus cs = pod.getStatus().getInitContainerStatuses(i);
      restarts += cs.getRestartCount();
      lastRestart = later(lastRestart, finishedAt(cs));
      boolean sidecar = isSidecar(initContainers.get(cs.getName()));
      if (sidecar) {
        sidecarRestarts += cs.getRestartCount();
        lastSidecarRestart = later(lastSidecarRestart, finishedAt(cs));
      }
      var state = cs.getState();
      if (state.hasTerminated() && state.getTerminated().getExitCode() == 0) {
        continue;
      }
      if (sidecar && cs.hasStarted() && cs.getStarted()) {
        if (cs.getReady()) {
          readyContainers++;
        }
        continue;
      }
      if (state.hasTerminated()) {
        var t = state.getTerminated();
        if (t.getReason().isEmpty()) {
          reason = t.getSignal() != 0 ? "Init:Signal:" + t.getSignal() : "Init:ExitCode:" + t.getExitCode();
        } else {
          reason = "Init:" + t.getReason();
        }
      } else if (state.hasWaiting() && !state.getWaiting().getReason().isEmpty()
          && !state.getWaiting().getReason().equals("PodInitializing")) {
        reason = "Init:" + state.getWaiting().getReason();
      } else {
        reason = "Init:" + i + "/" + pod.getSpec().getInitContainersCount();
      }
      initializing = true;
      break;
    }

    if (!initializing || conditionTrue(pod, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      for (int i = pod.getStatus().getContainerStatusesCount() - 1; i >= 0; i--) {
        ContainerStatus cs = pod.getStatus().getContainerStatuses(i);
        restarts += cs.getRestartCount();
        lastRestart = later(lastRestart, finishedAt(cs));
        var state = cs.getState();
        if (state.hasWaiting() && !state.getWaiting().getReason().isEmpty()) {
          reason = state.getWaiting().getReason();
        } else if (state.hasTerminated() && !state.getTerminated().getReason().isEmpty()) {
          reason = state.getTerminated().getReason();
        } else if (state.hasTerminated()) {
          var t = state.getTerminated();
          reason = t.getSignal() != 0 ? "Signal:" + t.getSignal() : "ExitCode:" + t.getExitCode();
        } else if (cs.getReady() && state.hasRunning()) {
          hasRunning = true;
          readyContainers++;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
      }
    }

    if (!pod.getMetadata().getDeletionTimestamp().isEmpty() && pod.getStatus().getReason().equals("NodeLost")) {
      reason = "Unknown";
    } else if (!pod.getMetadata().getDeletionTimestamp().isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }

    String restartText = Integer.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartText = restarts + " (" + Age.human(java.time.Duration.between(lastRestart, now)) + " ago)";
    }
    return new PodStatus(readyContainers + "/" + totalContainers, reason, restartText);
  }

  private static boolean isSidecar(Container c) {
    return c != null && c.getRestartPolicy().equals("Always");
  }

  private static boolean conditionTrue(Pod pod, String type) {
    return pod.getStatus().getConditionsList().stream()
        .anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
  }

  private static Instant finishedAt(ContainerStatus cs) {
    return cs.getLastState().hasTerminated() ? Age.parse(cs.getLastState().getTerminated().getFinishedAt()) : null;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }
}
