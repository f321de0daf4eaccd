package io.kava.kubelet.lifecycle;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.LifecycleHandler;
import io.kava.api.core.v1.Pod;
import io.kava.kubelet.probe.Prober;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.time.Duration;

/**
 * Runs one container lifecycle hook (postStart or preStop) as upstream's handlerRunner: exec in the
 * container, httpGet to the pod (any HTTP answer counts as success, as upstream), or sleep. tcpSocket
 * is not a runnable hook upstream either. Every hook is bounded by a budget: the remaining grace period
 * for preStop, {@link #POST_START_BUDGET} for postStart.
 */
public final class HookRunner {
  /** Upstream waits for postStart without a limit; one pod's hook must not hold a kubelet worker forever. */
  public static final Duration POST_START_BUDGET = Duration.ofMinutes(2);

  /** Waits (tests pass one that does not). */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
  }

  public enum Outcome { SUCCEEDED, FAILED, TIMED_OUT }

  /** @param message upstream's failure message (for the log; events carry none, so no secret leaks) */
  public record Result(Outcome outcome, String message) {
    static Result ok() {
      return new Result(Outcome.SUCCEEDED, "");
    }

    public boolean failed() {
      return outcome == Outcome.FAILED;
    }
  }

  private final ContainerRuntime runtime;
  private final Sleeper sleeper;

  public HookRunner(ContainerRuntime runtime, Sleeper sleeper) {
    this.runtime = runtime;
    this.sleeper = sleeper;
  }

  public Result run(Pod pod, Container container, String containerId, LifecycleHandler hook, String podIp,
      Duration budget) {
    try {
      if (hook.hasExec()) {
        return exec(pod, container, containerId, hook, budget);
      }
      if (hook.hasHttpGet()) {
        return httpGet(pod, container, hook, podIp, budget);
      }
      if (hook.hasSleep()) {
        return sleep(hook.getSleep().getSeconds(), budget);
      }
      return new Result(Outcome.FAILED, "Cannot run handler: invalid handler: only exec, httpGet and sleep hooks run");
    } catch (RuntimeUnavailableException e) {
      return new Result(Outcome.FAILED, e.getMessage());
    }
  }

  private Result exec(Pod pod, Container container, String containerId, LifecycleHandler hook, Duration budget) {
    ExecResult r = runtime.exec(containerId, hook.getExec().getCommandList(), budget);
    if (r.timedOut()) {
      return new Result(Outcome.TIMED_OUT, "Exec lifecycle hook (" + bracketed(hook.getExec().getCommandList())
          + ") did not finish within " + budget.toSeconds() + "s");
    }
    if (r.exitCode() == 0) {
      return Result.ok();
    }
    return new Result(Outcome.FAILED, "Exec lifecycle hook (" + bracketed(hook.getExec().getCommandList())
        + ") for Container \"" + container.getName() + "\" in Pod \"" + format(pod) + "\" failed - error: command '"
        + String.join(" ", hook.getExec().getCommandList()) + "' exited with " + r.exitCode() + ": , message: \""
        + r.output().strip() + "\"");
  }

  private static Result httpGet(Pod pod, Container container, LifecycleHandler hook, String podIp, Duration budget) {
    try {
      Prober.sendHttpGet(hook.getHttpGet(), container, podIp, budget, "kube-lifecycle/kava");
      return Result.ok();
    } catch (IllegalArgumentException | IOException e) {
      return new Result(Outcome.FAILED, "HTTP lifecycle hook (" + hook.getHttpGet().getPath() + ") for Container \""
          + container.getName() + "\" in Pod \"" + format(pod) + "\" failed - error: " + e.getMessage());
    }
  }

  private Result sleep(long seconds, Duration budget) {
    Duration wanted = Duration.ofSeconds(Math.max(0, seconds));
    try {
      if (wanted.compareTo(budget) > 0) {
        sleeper.sleep(budget);
        return new Result(Outcome.TIMED_OUT, "container terminated before sleep hook finished");
      }
      sleeper.sleep(wanted);
      return Result.ok();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Outcome.FAILED, "container terminated before sleep hook finished");
    }
  }

  private static String bracketed(java.util.List<String> command) {
    return "[" + String.join(" ", command) + "]";
  }

  /** Upstream's format.Pod: name_namespace(uid). */
  private static String format(Pod pod) {
    return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
  }
}
