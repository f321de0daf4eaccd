package io.kava.kubectl.drain;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.DeleteOptions;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.kubectl.CliException;
import io.kava.client.flags.GoDurations;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Evicts (or deletes) the pods of one cordoned node, as kubectl's drain.Helper: every pod on its own
 * thread, an eviction a disruption budget refuses retried every {@link #retryInterval}, each pod
 * waited for until it is gone, the whole bounded by --timeout.
 */
public final class Drainer {
  /** kubectl's fixed retry interval for a refused eviction. */
  public static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
  /** kubectl's poll interval while waiting for a pod to be gone. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private final ResourceClient<Pod> pods;
  private final DrainFlags flags;
  private final PrintStream out;
  private final PrintStream err;
  private final Duration retryInterval;
  private final Duration pollInterval;

  public Drainer(ResourceClient<Pod> pods, DrainFlags flags, PrintStream out, PrintStream err) {
    this(pods, flags, out, err, RETRY_INTERVAL, POLL_INTERVAL);
  }

  Drainer(ResourceClient<Pod> pods, DrainFlags flags, PrintStream out, PrintStream err, Duration retryInterval,
      Duration pollInterval) {
    this.pods = pods;
    this.flags = flags;
    this.out = out;
    this.err = err;
    this.retryInterval = retryInterval;
    this.pollInterval = pollInterval;
  }

  /** The node's pods with their verdicts (kubectl GetPodsForDeletion). */
  public PodFilters.PodDeleteList podsForDeletion(String node) {
    ListOptions options = ListOptions.all().withFieldSelector("spec.nodeName=" + node);
    if (flags.podSelector() != null && !flags.podSelector().isEmpty()) {
      options = options.withLabelSelector(flags.podSelector());
    }
    List<Pod> onNode = pods.list(options).items().stream()
        .filter(p -> p.getSpec().getNodeName().equals(node)).toList();
    return PodFilters.filter(onNode, flags);
  }

  /** Drains the node; throws a CliException carrying kubectl's lines when it cannot. */
  public void drain(String node) throws InterruptedException {
    PodFilters.PodDeleteList list = podsForDeletion(node);
    List<String> errors = list.errors();
    if (!errors.isEmpty()) {
      throw unableToDrain(node, errors);
    }
    String warnings = list.warnings();
    if (!warnings.isEmpty()) {
      err.println("WARNING: " + warnings);
    }
    if (flags.clientDryRun()) {
      for (Pod pod : list.toDelete()) {
        out.println("evicting pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " (dry run)");
      }
      return;
    }
    List<String> failures = removeAll(list.toDelete());
    if (!failures.isEmpty()) {
      List<Pod> pending = podsForDeletion(node).toDelete();
      if (!pending.isEmpty()) {
        err.println("There are pending pods in node \"" + node + "\" when an error occurred: " + aggregate(failures));
        for (Pod pod : pending) {
          err.println("pod/" + pod.getMetadata().getName());
        }
      }
      throw unableToDrain(node, failures);
    }
  }

  private static CliException unableToDrain(String node, List<String> errors) {
    return new CliException("error: unable to drain node \"" + node + "\" due to error: " + aggregate(errors)
        + ", continuing command...\nThere are pending nodes to be drained:\n " + node + "\nerror: " + aggregate(errors));
  }

  /** utilerrors.NewAggregate's text: one error as is, several in brackets. */
  static String aggregate(List<String> errors) {
    return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
  }

  /** Evicts every pod in parallel; returns the failures, or kubectl's timeout error. */
  private List<String> removeAll(List<Pod> toRemove) throws InterruptedException {
    if (toRemove.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(toRemove.size(), r -> {
      Thread t = new Thread(r, "drain");
      t.setDaemon(true);
      return t;
    });
    long deadline = flags.timeout().isZero() ? Long.MAX_VALUE : System.nanoTime() + flags.timeout().toNanos();
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Pod pod : toRemove) {
        results.add(pool.submit(() -> remove(pod, deadline)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<String> f : results) {
        try {
          long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
          String failure = f.get(left, TimeUnit.NANOSECONDS);
          if (failure != null) {
            failures.add(failure);
          }
        } catch (TimeoutException e) {
          return List.of("drain did not complete within " + GoDurations.format(flags.timeout()));
        } catch (ExecutionException e) {
          failures.add(String.valueOf(e.getCause().getMessage()));
        }
      }
      return failures;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One pod: evict until allowed, then wait until it is gone. Returns the failure, or null. */
  private String remove(Pod pod, long deadline) throws InterruptedException {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    DeleteOptions options = flags.gracePeriodSeconds() >= 0 ? DeleteOptions.gracePeriod(flags.gracePeriodSeconds())
        : DeleteOptions.defaults();
    while (true) {
      if (!flags.disableEviction()) {
        out.println("evicting pod " + ns + "/" + name + (flags.serverDryRun() ? " (server dry run)" : ""));
      }
      if (System.nanoTime() > deadline) {
        return "error when evicting pods/\"" + name + "\" -n \"" + ns + "\": global timeout reached: "
            + GoDurations.format(flags.timeout());
      }
      try {
        if (flags.disableEviction()) {
          pods.delete(ns, name, options);
        } else {
          pods.evict(ns, name, options, flags.serverDryRun());
        }
        break;
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return null;
        }
        if (e.isTooManyRequests() && !flags.disableEviction()) {
          err.println("error when evicting pods/\"" + name + "\" -n \"" + ns + "\" (will retry after "
              + GoDurations.format(retryInterval) + "): " + e.getMessage());
          Thread.sleep(retryInterval.toMillis());
          continue;
        }
        return "error when " + (flags.disableEviction() ? "deleting" : "evicting") + " pods/\"" + name + "\" -n \""
            + ns + "\": " + e.getMessage();
      }
    }
    if (flags.serverDryRun()) {
      return null;
    }
    String done = flags.disableEviction() ? "deleted" : "evicted";
    while (true) {
      try {
        Pod now = pods.get(ns, name);
        if (!now.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
          break;
        }
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          return "error when waiting for pod \"" + name + "\" in namespace \"" + ns + "\" to terminate: " + e.getMessage();
        }
        break;
      }
      if (System.nanoTime() > deadline) {
        return "error when waiting for pod \"" + name + "\" in namespace \"" + ns + "\" to terminate: global timeout reached: "
            + GoDurations.format(flags.timeout());
      }
      Thread.sleep(pollInterval.toMillis());
    }
    out.println("pod/" + name + " " + done);
    return null;
  }
}
