package io.kava.scheduler;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import io.kava.scheduler.framework.FitError;
import io.kava.scheduler.framework.ScheduleResult;
import io.kava.scheduler.framework.SchedulingFramework;
import io.kava.scheduler.plugins.InterPodAffinity;
import io.kava.scheduler.plugins.PodTopologySpread;
import io.kava.scheduler.preemption.DefaultPreemption;
import io.kava.scheduler.preemption.DisruptionBudgets;
import io.kava.scheduler.preemption.PodImportance;
import io.kava.scheduler.preemption.Victims;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.scheduler.framework.NodeInfo;
import java.util.function.Supplier;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The scheduling loop: one thread takes one pod at a time from the {@link SchedulingQueue}, runs the
 * framework over a fresh snapshot of the nodes, assumes the pod on the chosen node and hands the bind
 * to a binder thread, as upstream's scheduleOne. Informer handlers only feed the queue and the cache.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final String schedulerName;
  private final Duration unschedulableFlushInterval;
  private final SchedulingFramework framework;
  private final Lister<Pod> pods;
  private final SchedulerCache cache;
  private final SchedulingQueue queue;
  private final Nominator nominator = new Nominator();
  private final DefaultPreemption preemption;
  private final Preemptor preemptor;
  private final Supplier<List<PodDisruptionBudget>> budgets;
  private final Binder binder;
  private final UnschedulableStatus unschedulableStatus;
  /**
   * Binding cycles in flight at once: each waits on one Bind round trip, and upstream gives every
   * binding cycle its own goroutine, so the loop never waits for the API server.
   */
  static final int BINDING_THREADS = 64;

  private final ExecutorService binding = Executors.newFixedThreadPool(BINDING_THREADS, daemon("scheduler-binder"));
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(daemon("scheduler-flush"));
  private volatile Thread loop;
  /**
   * Parked pods that wait for other pods (required pod affinity, a topology spread): a pod bound may
   * let them fit, as upstream's AssignedPodAdd queueing hint. Retries are gathered for
   * {@link #WAITING_RETRY_DELAY}, so a burst of binds retries them once, not once per bind.
   */
  private final Set<String> waitingForPods = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean waitingRetryPending = new AtomicBoolean();
  static final Duration WAITING_RETRY_DELAY = Duration.ofMillis(100);

  public Scheduler(ResourceClient<Pod> podClient, SharedInformer<Pod> podInformer, SharedInformer<Node> nodeInformer,
      EventRecorder events, SchedulingFramework framework, String schedulerName, Duration unschedulableFlushInterval) {
    this(podClient, podInformer, nodeInformer, events, framework, schedulerName, unschedulableFlushInterval, List::of);
  }

  /** With the PodDisruptionBudgets that preemption prefers not to violate. */
  public Scheduler(ResourceClient<Pod> podClient, SharedInformer<Pod> podInformer, SharedInformer<Node> nodeInformer,
      EventRecorder events, SchedulingFramework framework, String schedulerName, Duration unschedulableFlushInterval,
      Supplier<List<PodDisruptionBudget>> budgets) {
    this.budgets = budgets;
    this.preemption = new DefaultPreemption(framework);
    this.preemptor = new Preemptor(podClient, events, nominator, schedulerName);
    this.queue = new SchedulingQueue(key -> podInformer.lister().get(key).map(PodImportance::priority).orElse(0));
    this.schedulerName = schedulerName;
    this.unschedulableFlushInterval = unschedulableFlushInterval;
    this.framework = framework;
    this.pods = podInformer.lister();
    this.cache = new SchedulerCache(nodeInformer, podInformer);
    this.binder = new Binder(podClient, cache, queue, events, framework::preBind, binding);
    this.unschedulableStatus = new UnschedulableStatus(podClient, events);
    podInformer.addEventHandler(new PodHandler());
    nodeInformer.addEventHandler(new NodeHandler());
  }

  /** Starts the loop and the periodic retry of unschedulable pods; call once the informers have synced. */
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    long every = unschedulableFlushInterval.toMillis();
    flusher.scheduleWithFixedDelay(() -> flush("periodic retry"), every, every, TimeUnit.MILLISECONDS);
    loop = new Thread(this::runLoop, "scheduler-loop");
    loop.setDaemon(true);
    loop.start();
  }

  @Override
  public void close() {
    queue.close();
    flusher.shutdownNow();
    binding.shutdown();
    try {
      binding.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runLoop() {
    try {
      String key;
      while ((key = queue.take()) != null) {
        MDC.put("pod", key);
        try {
          scheduleOne(key);
        } catch (RuntimeException e) {
          log.warn("Failed to schedule pod {}, retrying: {}", key, e.toString());
          queue.retryWithBackoff(key);
        } finally {
          queue.done(key);
          MDC.remove("pod");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One attempt for one pod. */
  void scheduleOne(String key) {
    Optional<Pod> found = pods.get(key);
    if (found.isEmpty() || !Pods.needsScheduling(found.get(), schedulerName)) {
      queue.forget(key);
      return;
    }
    if (cache.isAssumed(key)) {
      return; // its bind is still in flight
    }
    Pod pod = found.get();
    long cycle = queue.moveRequestCycle();
    List<NodeInfo> nodes = nominator.withNominated(pod, cache.snapshot());
    ScheduleResult result = framework.schedule(pod, nodes);
    if (result instanceof ScheduleResult.Assigned assigned) {
      cache.assume(pod, assigned.nodeName());
      queue.forget(key);
      log.debug("Chose node {} for pod {} among {} feasible", assigned.nodeName(), key, assigned.feasibleNodes());
      binding.execute(() -> binder.bind(pod, assigned.nodeName()).whenComplete((outcome, e) -> {
        if (e != null) {
          log.warn("Failed the binding cycle of pod {}, retrying: {}", key, e.toString());
          cache.forget(key);
          queue.retryWithBackoff(key);
        }
      }));
    } else if (result instanceof ScheduleResult.Unschedulable unschedulable) {
      // Parked first: the watch event of our own status write must find it parked and leave it be.
      queue.parkUnschedulable(key, cycle);
      if (waitsForOtherPods(unschedulable.error())) {
        waitingForPods.add(key);
      } else {
        waitingForPods.remove(key);
      }
      String message = unschedulable.error().message();
      String postFilter = postFilter(pod, nodes, unschedulable.error());
      if (!postFilter.isEmpty()) {
        message = message + " " + postFilter;
      }
      try {
        unschedulableStatus.record(pod, message);
      } catch (ApiException e) {
        log.debug("Failed to write PodScheduled of {}: {}", key, e.getMessage());
      }
    }
  }

  /**
   * Upstream's PostFilter (DefaultPreemption): makes room on one node by deleting pods of lower priority
   * and nominates the pod there; the pod stays parked until the victims are gone. Returns what the
   * FailedScheduling message adds: nothing when a node was found.
   */
  private String postFilter(Pod pod, List<NodeInfo> nodes, FitError error) {
    if (pod.getSpec().getPreemptionPolicy().equals("Never")) {
      return "preemption: not eligible due to preemptionPolicy=Never.";
    }
    if (error.numAllNodes() == 0) {
      return "";
    }
    if (!DefaultPreemption.eligible(pod, nodes)) {
      return ""; // the victims of its last preemption are still terminating on its nominated node
    }
    Optional<Victims> candidate = preemption.findCandidate(pod, nodes, error, new DisruptionBudgets(budgets.get()));
    if (candidate.isEmpty()) {
      return DefaultPreemption.noCandidateMessage(error);
    }
    try {
      preemptor.preempt(pod, candidate.get());
    } catch (ApiException e) {
      log.warn("Failed to preempt for pod {} on node {}: {}", ApiObjects.key(pod), candidate.get().nodeName(),
          e.getMessage());
    }
    return "";
  }

  private static boolean waitsForOtherPods(FitError error) {
    return error.reasonsByNode().values().stream().anyMatch(reasons ->
        reasons.contains(InterPodAffinity.AFFINITY_REASON) || reasons.contains(PodTopologySpread.REASON));
  }

  /** A pod was bound: soon send the parked pods that wait for other pods back to the queue. */
  private void podBound() {
    if (waitingForPods.isEmpty() || !waitingRetryPending.compareAndSet(false, true)) {
      return;
    }
    flusher.schedule(() -> {
      waitingRetryPending.set(false);
      for (String key : List.copyOf(waitingForPods)) {
        waitingForPods.remove(key);
        if (queue.isUnschedulable(key)) {
          queue.add(key);
        }
      }
    }, WAITING_RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void flush(String why) {
    int moved = queue.flushUnschedulable();
    if (moved > 0) {
      log.debug("Moved {} unschedulable pods back to the queue: {}", moved, why);
    }
  }

  /** Unassigned pods go to the queue; assigned ones confirm the assumed cache; freed room retries the parked. */
  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      String key = ApiObjects.key(pod);
      nominator.update(pod);
      if (Pods.isAssigned(pod)) {
        cache.forget(key);
        podBound();
      } else if (Pods.needsScheduling(pod, schedulerName)) {
        queue.add(key);
      }
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      String key = ApiObjects.key(newPod);
      nominator.update(newPod);
      if (Pods.isAssigned(newPod)) {
        if (!Pods.isAssigned(oldPod) && landedElsewhere(newPod)) {
          binding.execute(() -> clearNomination(newPod));
        }
        cache.forget(key);
        queue.forget(key);
        waitingForPods.remove(key);
        if (!Pods.isAssigned(oldPod)) {
          podBound();
        }
        if (Pods.isAssigned(oldPod) && !Pods.isTerminated(oldPod) && Pods.isTerminated(newPod)) {
          flush("pod " + key + " terminated");
        }
      } else if (Pods.needsScheduling(newPod, schedulerName)) {
        if (!(queue.isUnschedulable(key) && Pods.onlyStatusChanged(oldPod, newPod))) {
          queue.add(key);
        }
      } else {
        queue.forget(key);
      }
    }

    @Override
    public void onDelete(Pod pod) {
      String key = ApiObjects.key(pod);
      boolean heldRoom = Pods.isAssigned(pod) || cache.isAssumed(key);
      nominator.remove(key);
      cache.forget(key);
      queue.forget(key);
      waitingForPods.remove(key);
      if (heldRoom) {
        flush("pod " + key + " deleted");
      }
    }
  }

  /** A pod nominated to one node by preemption that was bound to another. */
  private static boolean landedElsewhere(Pod pod) {
    String nominated = pod.getStatus().getNominatedNodeName();
    return !nominated.isEmpty() && !nominated.equals(pod.getSpec().getNodeName());
  }

  private void clearNomination(Pod pod) {
    try {
      preemptor.clearNomination(pod);
    } catch (ApiException e) {
      log.debug("Failed to clear the nominated node of {}: {}", ApiObjects.key(pod), e.getMessage());
    }
  }

  /** A node that appears or changes in a way that matters may fit parked pods. */
  private final class NodeHandler implements ResourceEventHandler<Node> {
    @Override
    public void onAdd(Node node) {
      flush("node " + node.getMetadata().getName() + " added");
    }

    @Override
    public void onUpdate(Node oldNode, Node newNode) {
      if (Nodes.schedulingPropertiesChanged(oldNode, newNode)) {
        flush("node " + newNode.getMetadata().getName() + " changed");
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
