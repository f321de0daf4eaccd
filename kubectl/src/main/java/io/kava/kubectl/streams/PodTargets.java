package io.kava.kubectl.streams;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.client.ApiException;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.selector.LabelSelectors;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the pod a stream verb means, as kubectl's polymorphic helpers do: NAME or pod/NAME is that pod;
 * deploy/NAME, rs/NAME, job/NAME and svc/NAME are the best of the pods their selector picks (running
 * and ready first), with kubectl's "Found N pods, using pod/x" line when there are several.
 */
public final class PodTargets {
  /** kubectl's annotation naming the container verbs use when -c is not given. */
  public static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

  private final Session session;

  public PodTargets(Session session) {
    this.session = session;
  }

  /** The one pod NAME, TYPE/NAME or TYPE NAME means. */
  public Pod pod(String target) {
    int slash = target.indexOf('/');
    if (slash < 0) {
      return get(Kinds.POD, target, Pod.class);
    }
    String type = target.substring(0, slash);
    String name = target.substring(slash + 1);
    Kind kind = Kinds.byUserName(type).orElseThrow(() -> CliException.error("the server doesn't have a resource type \""
        + type + "\""));
    if (kind == Kinds.POD) {
      return get(Kinds.POD, name, Pod.class);
    }
    List<Pod> pods = podsOf(kind, name);
    if (pods.isEmpty()) {
      throw CliException.error("no pods found for " + kind.resource() + "/" + name);
    }
    Pod best = pods.get(0);
    if (pods.size() > 1) {
      session.err().println("Found " + pods.size() + " pods, using pod/" + best.getMetadata().getName());
    }
    return best;
  }

  /** The pods of a workload or Service, best first. */
  public List<Pod> podsOf(Kind kind, String name) {
    String selector;
    if (kind == Kinds.DEPLOYMENT) {
      selector = selector(get(kind, name, Deployment.class).getSpec().getSelector(), kind, name);
    } else if (kind == Kinds.REPLICA_SET) {
      selector = selector(get(kind, name, ReplicaSet.class).getSpec().getSelector(), kind, name);
    } else if (kind == Kinds.JOB) {
      selector = selector(get(kind, name, Job.class).getSpec().getSelector(), kind, name);
    } else if (kind == Kinds.SERVICE) {
      Map<String, String> labels = get(kind, name, Service.class).getSpec().getSelectorMap();
      if (labels.isEmpty()) {
        throw CliException.error("cannot attach to *v1.Service: invalid service '" + name
            + "': Service is defined without a selector");
      }
      selector = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    } else {
      throw CliException.error("cannot attach to " + kind.kind() + ": selector for " + kind.kind() + " not implemented");
    }
    return byLabels(selector);
  }

  /** Every pod a label selector picks, best first. */
  public List<Pod> byLabels(String selector) {
    List<Pod> pods = new ArrayList<>(session.client().resource(Pod.class)
        .list(ListOptions.inNamespace(session.namespace()).withLabelSelector(selector)).items());
    pods.sort(BEST_FIRST);
    return pods;
  }

  /** Running and ready first, then running, then by name (kubectl prefers active, ready pods). */
  static final Comparator<Pod> BEST_FIRST = Comparator.<Pod>comparingInt(p -> rank(p))
      .thenComparing(p -> p.getMetadata().getName());

  private static int rank(Pod p) {
    boolean running = p.getStatus().getPhase().equals("Running");
    boolean ready = p.getStatus().getConditionsList().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    boolean deleting = !p.getMetadata().getDeletionTimestamp().isEmpty();
    return (deleting ? 4 : 0) + (running ? 0 : 2) + (ready ? 0 : 1);
  }

  /**
   * The container of -c, else the annotated default, else the first; kubectl's "Defaulted container"
   * line on stderr when the pod has several and none was named.
   */
  public static String container(Pod pod, String flag, PrintStream err) {
    List<String> names = pod.getSpec().getContainersList().stream().map(Container::getName).toList();
    if (flag != null && !flag.isBlank()) {
      return flag.strip();
    }
    String annotated = pod.getMetadata().getAnnotationsOrDefault(DEFAULT_CONTAINER_ANNOTATION, "");
    if (!annotated.isEmpty() && names.contains(annotated)) {
      return annotated;
    }
    if (names.isEmpty()) {
      throw CliException.error("pod " + pod.getMetadata().getName() + " has no containers");
    }
    if (names.size() > 1 || pod.getSpec().getInitContainersCount() > 0) {
      List<String> all = new ArrayList<>(names);
      pod.getSpec().getInitContainersList().forEach(c -> all.add(c.getName() + " (init)"));
      err.println("Defaulted container \"" + names.get(0) + "\" out of: " + String.join(", ", all));
    }
    return names.get(0);
  }

  private static String selector(LabelSelector selector, Kind kind, String name) {
    String s = LabelSelectors.toString(selector);
    if (s.isEmpty()) {
      throw CliException.error(kind.kind() + " " + name + " has no selector");
    }
    return s;
  }

  private <T extends com.google.protobuf.Message> T get(Kind kind, String name, Class<T> type) {
    try {
      return session.client().resource(type).get(session.namespace(), name);
    } catch (ApiException e) {
      throw new CliException(session.describe(e, kind, name));
    }
  }
}
