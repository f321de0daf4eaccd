package io.kava.kubelet.status;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerState;
import io.kava.api.core.v1.ContainerStateRunning;
import io.kava.api.core.v1.ContainerStateTerminated;
import io.kava.api.core.v1.ContainerStateWaiting;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.HostIP;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.core.v1.PodIP;
import io.kava.api.core.v1.PodStatus;
import io.kava.client.Times;
import io.kava.client.pods.QosClass;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.pod.ObservedPod;
import io.kava.kubelet.pod.RestartPolicies;
import io.kava.kubelet.pod.Waiting;
import io.kava.kubelet.runtime.ContainerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes a pod's status from what Docker reports, as upstream's kubelet does (getPhase,
 * convertToAPIContainerStatuses, generateContainersReadyCondition, ...). A pure function: the same
 * input gives the same status, so a status that did not change is not written again.
 */
public final class PodStatusComputer {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private PodStatusComputer() {}

  public static boolean isTerminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  public static PodStatus compute(PodStatusInput in) {
    Pod pod = in.pod();
    PodStatus previous = pod.getStatus();
    if (isTerminal(previous.getPhase())) {
      return previous; // a finished pod never changes phase again
    }
    String policy = RestartPolicies.of(pod);
    Map<String, ContainerStatus> previousInit = byName(previous.getInitContainerStatusesList());
    Map<String, ContainerStatus> previousApp = byName(previous.getContainerStatusesList());

    boolean initialized = true;
    boolean initFailed = false;
    List<String> incompleteInit = new ArrayList<>();
    List<ContainerStatus> initStatuses = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainersList()) {
      Optional<ContainerInfo> latest = in.observed().latest(c.getName());
      boolean done = latest.filter(l -> l.exited() && l.exitCode() == 0).isPresent();
      if (!done) {
        initialized = false;
        incompleteInit.add(c.getName());
        initFailed |= latest.filter(l -> RestartPolicies.initFailedForGood(policy, l)).isPresent();
      }
      initStatuses.add(containerStatus(in, c, true, previousInit.get(c.getName()), Waiting.POD_INITIALIZING));
    }

    List<ContainerStatus> appStatuses = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    String defaultWaiting = initialized ? Waiting.CONTAINER_CREATING : Waiting.POD_INITIALIZING;
    for (Container c : pod.getSpec().getContainersList()) {
      ContainerStatus s = containerStatus(in, c, false, previousApp.get(c.getName()), defaultWaiting);
      appStatuses.add(s);
      if (!s.getReady()) {
        unready.add(c.getName());
      }
    }

    String phase = phase(policy, initialized, initFailed, appStatuses);
    PodStatus.Builder status = PodStatus.newBuilder()
        .setPhase(phase)
        .setHostIp(in.hostIp())
        .addHostIps(HostIP.newBuilder().setIp(in.hostIp()))
        .setStartTime(previous.getStartTime().isEmpty() ? Times.format(in.now()) : previous.getStartTime())
        .setQosClass(previous.getQosClass().isEmpty() ? QosClass.of(pod.getSpec()) : previous.getQosClass())
        .addAllInitContainerStatuses(initStatuses)
        .addAllContainerStatuses(appStatuses);
    if (!previous.getNominatedNodeName().isEmpty()) {
      status.setNominatedNodeName(previous.getNominatedNodeName());
    }
    String podIp = pod.getSpec().getHostNetwork() ? in.hostIp()
        : in.observed().runningSandbox().map(ContainerInfo::ipAddress).filter(ip -> !ip.isEmpty())
            .orElse(previous.getPodIp());
    if (!podIp.isEmpty()) {
      status.setPodIp(podIp).addPodIps(PodIP.newBuilder().setIp(podIp));
    }

    boolean allReady = unready.isEmpty();
    boolean completed = SUCCEEDED.equals(phase);
    Map<String, PodCondition> previousConditions = previous.getConditionsList().stream()
        .collect(Collectors.toMap(PodCondition::getType, Function.identity(), (a, b) -> a));
    status.addConditions(condition(in, previousConditions, "Initialized", initialized,
        initialized ? "" : "ContainersNotInitialized",
        initialized ? "" : "containers with incomplete status: [" + String.join(" ", incompleteInit) + "]"));
    String notReadyReason = completed ? "PodCompleted" : "ContainersNotReady";
    String notReadyMessage = completed ? "" : "containers with unready status: [" + String.join(" ", unready) + "]";
    status.addConditions(condition(in, previousConditions, "Ready", allReady,
        allReady ? "" : notReadyReason, allReady ? "" : notReadyMessage));
    status.addConditions(condition(in, previousConditions, "ContainersReady", allReady,
        allReady ? "" : notReadyReason, allReady ? "" : notReadyMessage));
    PodCondition scheduled = previousConditions.get("PodScheduled");
    status.addConditions(scheduled != null ? scheduled
        : condition(in, previousConditions, "PodScheduled", true, "", ""));
    return status.build();
  }

  /** Upstream's getPhase: waiting containers keep the pod Pending; restarting ones keep it Running. */
  static String phase(String policy, boolean initialized, boolean initFailed, List<ContainerStatus> app) {
    if (!initialized) {
      return initFailed ? FAILED : PENDING;
    }
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    for (ContainerStatus s : app) {
      ContainerState state = s.getState();
      if (state.hasRunning()) {
        running++;
      } else if (state.hasTerminated()) {
        stopped++;
        if (state.getTerminated().getExitCode() == 0) {
          succeeded++;
        }
      } else if (s.getLastState().hasTerminated()) {
        stopped++; // waiting to restart after having run
      } else {
        waiting++;
      }
    }
    if (waiting > 0) {
      return PENDING;
    }
    if (running > 0) {
      return RUNNING;
    }
    if (stopped > 0) {
      if (policy.equals(RestartPolicies.ALWAYS)) {
        return RUNNING; // every container is on its way to restart
      }
      if (stopped == succeeded) {
        return SUCCEEDED;
      }
      return policy.equals(RestartPolicies.NEVER) ? FAILED : RUNNING;
    }
    return PENDING;
  }

  private static ContainerStatus containerStatus(PodStatusInput in, Container spec, boolean init,
      ContainerStatus previous, String defaultWaiting) {
    String name = spec.getName();
    Optional<ContainerInfo> latest = in.observed().latest(name);
    Optional<ContainerInfo> before = in.observed().previous(name).filter(ContainerInfo::exited);
    Waiting hint = in.waiting().get(name);
    ContainerStatus.Builder s = ContainerStatus.newBuilder().setName(name).setImage(spec.getImage())
        .setRestartCount(latest.map(ContainerLabels::restartCount)
            .orElse(previous == null ? 0 : previous.getRestartCount()));
    if (latest.isEmpty()) {
      s.setState(waiting(hint, defaultWaiting)).setReady(false).setStarted(false);
      if (previous != null) {
        // The container vanished (removed behind our back): keep what we knew of its last run.
        if (previous.getState().hasTerminated()) {
          s.setLastState(ContainerState.newBuilder().setTerminated(previous.getState().getTerminated()));
        } else if (previous.hasLastState()) {
          s.setLastState(previous.getLastState());
        }
      }
      return s.build();
    }
    ContainerInfo c = latest.get();
    s.setContainerId("docker://" + c.id());
    if (!c.imageId().isEmpty()) {
      s.setImageId("docker://" + c.imageId());
    }
    if (c.running()) {
      boolean started = !spec.hasStartupProbe() || in.startupPassed().contains(c.id());
      boolean ready = started && (!spec.hasReadinessProbe() || in.readinessPassed().contains(c.id()));
      s.setState(ContainerState.newBuilder().setRunning(
          ContainerStateRunning.newBuilder().setStartedAt(time(c.startedAt()))));
      before.ifPresent(b -> s.setLastState(ContainerState.newBuilder().setTerminated(terminated(b, in))));
      return s.setReady(!init && ready).setStarted(started).build();
    }
    if (c.exited()) {
      if (hint != null) {
        // Waiting to run again (CrashLoopBackOff, ...): the run that just ended is the last state.
        s.setState(waiting(hint, defaultWaiting));
        s.setLastState(ContainerState.newBuilder().setTerminated(terminated(c, in)));
      } else {
        s.setState(ContainerState.newBuilder().setTerminated(terminated(c, in)));
        before.ifPresent(b -> s.setLastState(ContainerState.newBuilder().setTerminated(terminated(b, in))));
      }
      boolean initDone = init && c.exitCode() == 0;
      return s.setReady(initDone).setStarted(false).build();
    }
    // Created but not started yet, or a state Docker is still deciding.
    s.setState(waiting(hint, Waiting.CONTAINER_CREATING));
    before.ifPresent(b -> s.setLastState(ContainerState.newBuilder().setTerminated(terminated(b, in))));
    return s.setReady(false).setStarted(false).build();
  }

  private static ContainerState waiting(Waiting hint, String defaultReason) {
    ContainerStateWaiting.Builder w = ContainerStateWaiting.newBuilder();
    if (hint != null) {
      w.setReason(hint.reason()).setMessage(hint.message() == null ? "" : hint.message());
    } else {
      w.setReason(defaultReason);
    }
    return ContainerState.newBuilder().setWaiting(w).build();
  }

  /** Upstream's terminated state: the engine's error, then (after ": ") the container's termination message. */
  static ContainerStateTerminated terminated(ContainerInfo c, PodStatusInput in) {
    String reason;
    if (c.oomKilled()) {
      reason = "OOMKilled";
    } else if (!c.error().isEmpty()) {
      reason = "ContainerCannotRun";
    } else if (c.exitCode() == 0) {
      reason = "Completed";
    } else {
      reason = "Error";
    }
    ContainerStateTerminated.Builder t = ContainerStateTerminated.newBuilder()
        .setExitCode(c.exitCode())
        .setReason(reason)
        .setContainerId("docker://" + c.id())
        .setStartedAt(time(c.startedAt()))
        .setFinishedAt(time(c.finishedAt()));
    String message = in.terminationMessages().getOrDefault(c.id(), "");
    if (!c.error().isEmpty()) {
      message = message.isEmpty() ? c.error() : c.error() + ": " + message;
    }
    if (!message.isEmpty()) {
      t.setMessage(message);
    }
    if (c.exitCode() > 128 && c.exitCode() < 160) {
      t.setSignal(c.exitCode() - 128);
    }
    return t.build();
  }

  private static PodCondition condition(PodStatusInput in, Map<String, PodCondition> previous, String type,
      boolean value, String reason, String message) {
    String status = value ? "True" : "False";
    PodCondition old = previous.get(type);
    String transition = old != null && old.getStatus().equals(status) && !old.getLastTransitionTime().isEmpty()
        ? old.getLastTransitionTime() : Times.format(in.now());
    return PodCondition.newBuilder().setType(type).setStatus(status).setLastTransitionTime(transition)
        .setReason(reason).setMessage(message).build();
  }

  private static String time(java.time.Instant instant) {
    return instant == null ? "" : Times.format(instant);
  }

  private static Map<String, ContainerStatus> byName(List<ContainerStatus> statuses) {
    return statuses.stream().collect(Collectors.toMap(ContainerStatus::getName, Function.identity(), (a, b) -> a));
  }
}
