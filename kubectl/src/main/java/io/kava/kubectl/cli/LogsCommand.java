package io.kava.kubectl.cli;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.client.flags.DurationConverter;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.streams.LogStreams;
import io.kava.kubectl.streams.PodTargets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the logs for a container in a pod: logs POD|TYPE/NAME [-c CONTAINER]")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "POD|TYPE/NAME", arity = "0..1")
  String target;

  @Option(names = {"-c", "--container"}, description = "Print the logs of this container")
  String container;

  @Option(names = "--all-containers", description = "Get all containers' logs in the pod(s)")
  boolean allContainers;

  @Option(names = {"-f", "--follow"}, description = "Specify if the logs should be streamed")
  boolean follow;

  @Option(names = {"-p", "--previous"}, description = "Print the logs for the previous instance of the container")
  boolean previous;

  @Option(names = "--tail", defaultValue = "-1",
      description = "Lines of recent log file to display; -1 shows all (10 with a selector)")
  long tail;

  @Option(names = "--since", converter = DurationConverter.class,
      description = "Only return logs newer than a relative duration like 5s, 2m, or 3h")
  Duration since;

  @Option(names = "--since-time", description = "Only return logs after a specific date (RFC3339)")
  String sinceTime;

  @Option(names = "--timestamps", description = "Include timestamps on each line in the log output")
  boolean timestamps;

  @Option(names = "--limit-bytes", defaultValue = "0", description = "Maximum bytes of logs to return; 0 for no limit")
  long limitBytes;

  @Option(names = {"-l", "--selector"}, description = "Selector (label query) to filter on")
  String selector;

  @Option(names = "--prefix", description = "Prefix each log line with the log source (pod name and container name)")
  boolean prefix;

  @Option(names = "--max-log-requests", defaultValue = "5",
      description = "Maximum number of concurrent logs to follow when using a selector")
  int maxLogRequests;

  @Override
  public Integer call() throws InterruptedException {
    if ((target == null) == (selector == null)) {
      throw CliException.error(target == null ? "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'."
          + "\nPOD or TYPE/NAME is a required argument for the logs command"
          : "only a selector (-l) or a POD name is allowed");
    }
    if (since != null && sinceTime != null) {
      throw CliException.error("at most one of `sinceTime` or `sinceSeconds` may be specified");
    }
    if (sinceTime != null) {
      try {
        Instant.parse(sinceTime);
      } catch (DateTimeParseException e) {
        throw CliException.error("invalid argument \"" + sinceTime + "\" for \"--since-time\" flag: not an RFC3339 time");
      }
    }
    Session session = root.session();
    PodTargets targets = new PodTargets(session);
    List<Pod> pods;
    long tailLines = tail;
    if (selector != null) {
      pods = targets.byLabels(selector);
      if (tailLines == -1) {
        tailLines = 10; // kubectl's default with a selector
      }
      if (pods.isEmpty()) {
        session.err().println("No resources found in " + session.namespace() + " namespace.");
        return 0;
      }
    } else {
      pods = List.of(targets.pod(target));
    }
    List<LogRequest> requests = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    boolean several = pods.size() > 1;
    for (Pod pod : pods) {
      for (String c : containers(pod, session)) {
        requests.add(request(pod, c, tailLines));
        prefixes.add(prefix ? "[pod/" + pod.getMetadata().getName() + "/" + c + "] " : "");
      }
    }
    if (follow && requests.size() > maxLogRequests) {
      throw CliException.error("you are attempting to follow " + requests.size() + " log streams, but maximum allowed"
          + " concurrency is " + maxLogRequests + ", use --max-log-requests to increase the limit");
    }
    new LogStreams(session.client().channel()).copyAll(requests, prefixes, follow && (several || allContainers),
        session.out());
    return 0;
  }

  private List<String> containers(Pod pod, Session session) {
    if (allContainers) {
      List<String> all = new ArrayList<>();
      pod.getSpec().getInitContainersList().stream().map(Container::getName).forEach(all::add);
      pod.getSpec().getContainersList().stream().map(Container::getName).forEach(all::add);
      return all;
    }
    return List.of(PodTargets.container(pod, container, session.err()));
  }

  LogRequest request(Pod pod, String c, long tailLines) {
    LogRequest.Builder r = LogRequest.newBuilder()
        .setPod(PodRef.newBuilder().setNamespace(pod.getMetadata().getNamespace()).setName(pod.getMetadata().getName()))
        .setContainer(c).setFollow(follow).setPrevious(previous).setTimestamps(timestamps);
    if (tailLines >= 0) {
      r.setTailLines(tailLines);
    }
    if (since != null) {
      r.setSinceSeconds(Math.max(1, since.toSeconds()));
    }
    if (sinceTime != null) {
      r.setSinceTime(sinceTime);
    }
    if (limitBytes > 0) {
      r.setLimitBytes(limitBytes);
    }
    return r.build();
  }
}
