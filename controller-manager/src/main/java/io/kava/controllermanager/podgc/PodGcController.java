package io.kava.controllermanager.podgc;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.taints.Taints;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.Periodic;
import io.kava.controllermanager.util.Pods;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's pod garbage collector (pkg/controller/podgc), a periodic pass over the pod cache that
 * force-deletes: terminated pods beyond --terminated-pod-gc-threshold, oldest first; pods bound to a
 * node that has been gone for the quarantine period (checked against the API server, not only the
 * cache); terminating pods never bound to a node; and terminating pods on a NotReady node an
 * operator marked node.kubernetes.io/out-of-service.
 */
public final class PodGcController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(PodGcController.class);
  public static final String NAME = "podgc";

  private final KavaClient client;
  private final PodGcConfig config;
  private final Clock clock;
  /** Node name to when this collector first found it missing. */
  private final Map<String, Instant> missingSince = new HashMap<>();
  private Lister<Pod> pods;
  private Lister<Node> nodes;
  private Periodic loop;

  public PodGcController(KavaClient client, PodGcConfig config) {
    this(client, config, Clock.systemUTC());
  }

  public PodGcController(KavaClient client, PodGcConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    pods = informers.informer(Pod.class).lister();
    nodes = informers.informer(Node.class).lister();
  }

  @Override
  public void run(int workers) {
    loop = new Periodic("podgc");
    loop.every(config.period(), config.period(), this::gc, log, "Pod garbage collection");
  }

  @Override
  public void stop() {
    if (loop != null) {
      loop.stop();
    }
  }

  /** One pass; tests call it directly. */
  public synchronized void gc() {
    List<Pod> all = pods.list();
    if (config.terminatedPodThreshold() > 0) {
      gcTerminated(all);
    }
    gcOutOfService(all);
    gcOrphaned(all);
    gcUnscheduledTerminating(all);
  }

  private void gcTerminated(List<Pod> all) {
    List<Pod> terminated = all.stream().filter(PodGcController::isTerminated).collect(Collectors.toList());
    int excess = terminated.size() - config.terminatedPodThreshold();
    if (excess <= 0) {
      return;
    }
    terminated.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
        .thenComparing(p -> ApiObjects.key(p)));
    log.info("Deleting {} terminated pods above the threshold of {}", excess, config.terminatedPodThreshold());
    terminated.subList(0, excess).forEach(p -> forceDelete(p, "it is terminated and above the threshold"));
  }

  private void gcOutOfService(List<Pod> all) {
    for (Pod pod : all) {
      if (!Pods.isTerminating(pod) || !Pods.isAssigned(pod)) {
        continue;
      }
      Optional<Node> node = nodes.get("", pod.getSpec().getNodeName());
      if (node.isPresent() && !isReady(node.get()) && Taints.has(node.get(), Taints.OUT_OF_SERVICE, Taints.NO_EXECUTE)) {
        forceDelete(pod, "its node is out of service");
      }
    }
  }

  private void gcOrphaned(List<Pod> all) {
    Instant now = clock.instant();
    Set<String> missing = all.stream().filter(Pods::isAssigned).map(p -> p.getSpec().getNodeName())
        .filter(n -> nodes.get("", n).isEmpty()).collect(Collectors.toSet());
    missingSince.keySet().retainAll(missing);
    for (String node : missing) {
      Instant since = missingSince.computeIfAbsent(node, n -> now);
      if (now.isBefore(since.plus(config.quarantine())) || existsInApi(node)) {
        continue;
      }
      all.stream().filter(p -> p.getSpec().getNodeName().equals(node))
          .forEach(p -> forceDelete(p, "its node " + node + " no longer exists"));
    }
  }

  private void gcUnscheduledTerminating(List<Pod> all) {
    all.stream().filter(p -> Pods.isTerminating(p) && !Pods.isAssigned(p))
        .forEach(p -> forceDelete(p, "it is terminating and was never scheduled"));
  }

  /** The cache may lag: a node missing from it is only gone once the API server says so too. */
  private boolean existsInApi(String node) {
    try {
      client.resource(Node.class).get("", node);
      return true;
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  private void forceDelete(Pod pod, String why) {
    try {
      client.resource(Pod.class).delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          new DeleteOptions(0L, "", pod.getMetadata().getUid()));
      log.info("Force-deleted pod {}, as {}", ApiObjects.key(pod), why);
    } catch (ApiException e) {
      if (!e.isNotFound() && !e.isConflict()) {
        log.warn("Failed to delete pod {}: {}", ApiObjects.key(pod), e.getMessage());
      }
    }
  }

  static boolean isTerminated(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return Pods.PHASE_SUCCEEDED.equals(phase) || Pods.PHASE_FAILED.equals(phase);
  }

  private static boolean isReady(Node node) {
    return node.getStatus().getConditionsList().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}
