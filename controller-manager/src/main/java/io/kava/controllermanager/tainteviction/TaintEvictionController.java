package io.kava.controllermanager.tainteviction;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.taints.Taints;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.Pods;
import io.kava.controllermanager.util.PodsByNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's taint eviction controller (the NoExecuteTaintManager): a pod on a node with NoExecute
 * taints it does not tolerate is deleted at once; one that tolerates them for tolerationSeconds is
 * deleted when the shortest of them has run out, counted from when this controller first saw it
 * tainted; one that tolerates them without a time stays. Keyed by pod; a pending eviction is a
 * start time here plus a delayed re-queue, so any change (taints gone, tolerations changed) is seen
 * at the next sync.
 */
public final class TaintEvictionController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(TaintEvictionController.class);
  public static final String NAME = "taint-eviction-controller";
  public static final String EVENT_REASON = "TaintManagerEviction";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final Map<String, Instant> evictionStarts = new ConcurrentHashMap<>();
  private Lister<Node> nodes;
  private Lister<Pod> pods;

  public TaintEvictionController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), NAME, ""), Clock.systemUTC());
  }

  public TaintEvictionController(KavaClient client, EventRecorder recorder, Clock clock) {
    this.client = client;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var nodeInformer = informers.informer(Node.class);
    var podInformer = informers.informer(Pod.class);
    PodsByNode.index(podInformer);
    nodes = nodeInformer.lister();
    pods = podInformer.lister();
    nodeInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        enqueuePodsOf(node);
      }

      @Override
      public void onUpdate(Node old, Node node) {
        if (!Taints.withEffect(old, Taints.NO_EXECUTE).equals(Taints.withEffect(node, Taints.NO_EXECUTE))) {
          enqueuePodsOf(node);
        }
      }

      @Override
      public void onDelete(Node node) {
        enqueuePodsOf(node);
      }
    });
    podInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueue(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        if (!old.getSpec().getNodeName().equals(pod.getSpec().getNodeName())
            || !old.getSpec().getTolerationsList().equals(pod.getSpec().getTolerationsList())
            || Pods.isTerminating(old) != Pods.isTerminating(pod)) {
          enqueue(pod);
        }
      }

      @Override
      public void onDelete(Pod pod) {
        enqueue(pod);
      }
    });
  }

  private void enqueue(Pod pod) {
    if (Pods.isAssigned(pod)) {
      queue.add(ApiObjects.key(pod));
    }
  }

  private void enqueuePodsOf(Node node) {
    PodsByNode.on(pods, node.getMetadata().getName()).forEach(this::enqueue);
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
    recorder.close();
  }

  /** Evicts the pod now, schedules a look when its toleration runs out, or cancels that. */
  public void sync(String key) {
    Optional<Pod> cached = pods.get(key);
    if (cached.isEmpty() || Pods.isTerminating(cached.get()) || !Pods.isAssigned(cached.get())) {
      evictionStarts.remove(key);
      return;
    }
    Pod pod = cached.get();
    List<Taint> taints = nodes.get("", pod.getSpec().getNodeName())
        .map(n -> Taints.withEffect(n, Taints.NO_EXECUTE)).orElse(List.of());
    Optional<Duration> stay = taints.isEmpty() ? Optional.empty()
        : NoExecuteTolerations.allowedStay(taints, pod.getSpec().getTolerationsList());
    if (stay.isEmpty()) {
      cancel(pod, key);
      return;
    }
    Instant now = clock.instant();
    Instant start = evictionStarts.computeIfAbsent(key, k -> now);
    Instant deadline = start.plus(stay.get());
    if (now.isBefore(deadline)) {
      queue.addAfter(key, Duration.between(now, deadline));
      return;
    }
    evict(pod, key);
  }

  private void evict(Pod pod, String key) {
    recorder.normal(pod, EVENT_REASON, "Marking for deletion Pod " + key);
    try {
      client.resource(Pod.class).delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          new DeleteOptions(null, "", pod.getMetadata().getUid()));
      log.info("Deleted pod {}: it does not tolerate the NoExecute taints of node {}, or no longer", key,
          pod.getSpec().getNodeName());
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    evictionStarts.remove(key);
  }

  private void cancel(Pod pod, String key) {
    if (evictionStarts.remove(key) != null) {
      recorder.normal(pod, EVENT_REASON, "Cancelling deletion of Pod " + key);
      log.info("Cancelled the eviction of pod {}", key);
    }
  }

  /** Whether an eviction of the pod is pending (for tests). */
  boolean isPending(String key) {
    return evictionStarts.containsKey(key);
  }
}
