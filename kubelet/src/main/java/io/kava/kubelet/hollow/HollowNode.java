package io.kava.kubelet.hollow;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import io.kava.kubelet.api.ApiPodStatusWriter;
import io.kava.kubelet.node.NodeLeaseRenewer;
import io.kava.kubelet.node.NodeResources;
import io.kava.kubelet.node.NodeStatusReporter;
import io.kava.kubelet.pod.ObservedPod;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.status.PodStatusComputer;
import io.kava.kubelet.status.PodStatusInput;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One hollow kubelet: the real kubelet's node status reporter, Lease renewer and pod status writer,
 * an informer on the pods bound to it (fieldSelector spec.nodeName), and {@link HollowRuntime} instead
 * of Docker. A pod bound here is reported Running and Ready with an address, as the real kubelet's
 * {@link PodStatusComputer} writes it; a pod being deleted is confirmed with the final delete (grace
 * period 0, the pod's uid as precondition), as the real kubelet does once its containers stopped.
 */
final class HollowNode implements AutoCloseable {
  private record Started(String uid, String ip, Instant at) {}

  private final String name;
  private final PodAddresses addresses;
  private final SharedInformer<Pod> pods;
  private final NodeStatusReporter status;
  private final NodeLeaseRenewer lease;
  private final ApiPodStatusWriter statusWriter;
  private final Clock clock;
  private final Map<String, Started> started = new HashMap<>();

  HollowNode(HollowNodesConfig config, int index, KavaClient client, Clock clock, Consumer<String> enqueue) {
    this.name = config.nodeName(index);
    this.addresses = new PodAddresses(index);
    this.clock = clock;
    this.pods = new SharedInformer<>(client.resource(Pod.class),
        ListOptions.all().withFieldSelector("spec.nodeName=" + name));
    this.status = new NodeStatusReporter(client.resource(Node.class), name, addresses.nodeIp(),
        new NodeResources(config.cpu(), config.memory(), Integer.toString(config.maxPods())), new HollowRuntime(),
        clock, Map.of(HollowNodesConfig.LABEL, "true"));
    this.lease = new NodeLeaseRenewer(client.resource(Lease.class), client.resource(Namespace.class), name, clock);
    this.statusWriter = new ApiPodStatusWriter(client.resource(Pod.class));
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueue.accept(HollowNodes.key(name, ApiObjects.key(pod)));
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        enqueue.accept(HollowNodes.key(name, ApiObjects.key(newPod)));
      }

      @Override
      public void onDelete(Pod pod) {
        enqueue.accept(HollowNodes.key(name, ApiObjects.key(pod)));
      }

      @Override
      public void onRevisionWentBack() {
        statusWriter.forgetAll();
      }
    });
  }

  String name() {
    return name;
  }

  void start() {
    pods.start();
  }

  boolean hasSynced() {
    return pods.hasSynced();
  }

  /** Registers the Node on the first call; later calls write its status (heartbeat times move). */
  void reportStatus() {
    status.report();
  }

  void renewLease() {
    lease.renew();
  }

  /** Reconciles one pod of this node: Running with an address, or confirmed deleted. */
  void sync(String podKey) {
    if (!pods.hasSynced()) {
      throw new IllegalStateException("the pods of " + name + " are not listed yet");
    }
    Pod pod = pods.lister().get(podKey).orElse(null);
    Started run;
    synchronized (this) {
      Started previous = started.get(podKey);
      if (previous != null && (pod == null || !previous.uid().equals(pod.getMetadata().getUid()))) {
        started.remove(podKey);
        addresses.release(previous.uid());
        statusWriter.forget(previous.uid());
      }
      if (pod == null) {
        return;
      }
      if (!pod.getMetadata().getDeletionTimestamp().isEmpty()) {
        started.remove(podKey);
        addresses.release(pod.getMetadata().getUid());
        run = null;
      } else {
        run = started.get(podKey);
        if (run == null) {
          String ip = addresses.assign(pod.getMetadata().getUid());
          if (ip == null) {
            throw new IllegalStateException("node " + name + " has no pod address left for " + podKey);
          }
          run = new Started(pod.getMetadata().getUid(), ip, clock.instant());
          started.put(podKey, run);
        }
      }
    }
    if (run == null) {
      statusWriter.delete(pod); // the containers "stopped" at once: confirm the graceful delete
      return;
    }
    if (PodStatusComputer.isTerminal(pod.getStatus().getPhase())) {
      return;
    }
    statusWriter.updateStatus(pod, status(pod, run));
  }

  private PodStatus status(Pod pod, Started run) {
    ObservedPod observed = HollowRuntime.observe(pod, name, run.ip(), run.at());
    // Every probe "passes": a hollow container is as healthy as it is real.
    Set<String> ids = observed.containers().stream().map(ContainerInfo::id).collect(Collectors.toSet());
    return PodStatusComputer.compute(new PodStatusInput(pod, observed, Map.of(), ids, ids, addresses.nodeIp(),
        clock.instant()));
  }

  synchronized int runningPods() {
    return started.size();
  }

  @Override
  public void close() {
    pods.close();
  }
}
