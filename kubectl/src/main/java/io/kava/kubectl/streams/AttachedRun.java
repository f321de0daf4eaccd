package io.kava.kubectl.streams;

import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.client.ApiException;
import io.kava.client.DeleteOptions;
import io.kava.client.ResourceClient;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import java.time.Duration;
import java.util.Optional;

/**
 * `kavactl run -i [-t] [--rm]`, as kubectl's: create the pod, wait until its container runs, attach to
 * it (or print its output when it already ended), then with --rm delete the pod. The exit code is the
 * container's when it ended, as kubectl's for `--restart=Never`.
 */
public final class AttachedRun {
  private static final Duration POLL = Duration.ofMillis(250);

  private final Session session;
  private final ResourceClient<Pod> pods;
  private final Duration podRunningTimeout;

  public AttachedRun(Session session, Duration podRunningTimeout) {
    this.session = session;
    this.pods = session.client().resource(Pod.class);
    this.podRunningTimeout = podRunningTimeout;
  }

  public int run(Pod pod, boolean tty, boolean quiet, boolean remove) throws InterruptedException {
    String ns = session.namespace();
    String name = pod.getMetadata().getName();
    pods.create(pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().setNamespace(ns)).build());
    try {
      Pod started = awaitStarted(ns, name, quiet);
      String container = pod.getSpec().getContainers(0).getName();
      int code;
      if (terminated(started, container).isPresent()) {
        // Ended before we could attach: show what it printed, as kubectl does.
        new LogStreams(session.client().channel()).copy(LogRequest.newBuilder().setPod(StdioSession.ref(started))
            .setContainer(container).build(), session.out());
        code = -1;
      } else {
        StreamStart start = StreamStart.newBuilder().setPod(StdioSession.ref(started)).setContainer(container)
            .setTty(tty).build();
        code = new StdioSession(session, true).run(start, true, tty, quiet);
      }
      if (!pod.getSpec().getRestartPolicy().equals("Always")) {
        code = awaitExitCode(ns, name, container).orElse(Math.max(code, 0));
      }
      return code;
    } finally {
      if (remove) {
        delete(ns, name);
      }
    }
  }

  private Pod awaitStarted(String ns, String name, boolean quiet) throws InterruptedException {
    long deadline = System.nanoTime() + podRunningTimeout.toNanos();
    String lastLine = "";
    while (true) {
      Pod p = pods.get(ns, name);
      String phase = p.getStatus().getPhase();
      if (phase.equals("Running") || phase.equals("Succeeded") || phase.equals("Failed")) {
        return p;
      }
      String line = "waiting for pod " + ns + "/" + name + " to be running, status is " + (phase.isEmpty() ? "Pending" : phase)
          + ", pod ready: false";
      if (!quiet && !line.equals(lastLine)) {
        session.err().println(line);
        lastLine = line;
      }
      if (System.nanoTime() > deadline) {
        throw CliException.error("timed out waiting for the condition");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** The container's exit code once the kubelet reports it ended, waiting a little for the report. */
  private Optional<Integer> awaitExitCode(String ns, String name, String container) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Integer> code = terminated(pods.get(ns, name), container);
      if (code.isPresent()) {
        return code;
      }
      Thread.sleep(POLL.toMillis());
    }
    return Optional.empty();
  }

  private static Optional<Integer> terminated(Pod pod, String container) {
    return pod.getStatus().getContainerStatusesList().stream()
        .filter(s -> s.getName().equals(container))
        .map(ContainerStatus::getState)
        .filter(s -> s.hasTerminated())
        .map(s -> s.getTerminated().getExitCode())
        .findFirst();
  }

  private void delete(String ns, String name) {
    try {
      pods.delete(ns, name, DeleteOptions.defaults());
      session.out().println("pod \"" + name + "\" deleted");
    } catch (ApiException e) {
      session.err().println(session.describe(e, io.kava.client.Kinds.POD, name));
    }
  }
}
