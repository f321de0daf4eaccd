package io.kava.proxy.netpol;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.proxy.ChainNames;
import io.kava.proxy.iptables.Iptables;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@link NetworkPolicyController} to informers on NetworkPolicies, Pods and Namespaces and a work
 * queue with one worker (the policy chains are one shared resource). The informers resync every
 * {@code resync} (kube-proxy's --iptables-sync-period), which puts back a jump or chain someone removed.
 */
public final class NetworkPolicyLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetworkPolicyLoop.class);
  static final String NAME = "network-policy";

  private final SharedInformer<NetworkPolicy> policies;
  private final SharedInformer<Pod> pods;
  private final SharedInformer<Namespace> namespaces;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final NetworkPolicyController controller;

  public NetworkPolicyLoop(KavaClient client, Iptables iptables, ChainNames names, Duration resync) {
    this.policies = new SharedInformer<>(client.resource(NetworkPolicy.class), ListOptions.all(), resync);
    this.pods = new SharedInformer<>(client.resource(Pod.class), ListOptions.all(), Duration.ZERO);
    this.namespaces = new SharedInformer<>(client.resource(Namespace.class), ListOptions.all(), Duration.ZERO);
    this.controller = new NetworkPolicyController(iptables, names, () -> policies.lister().list(),
        () -> pods.lister().list(), () -> namespaces.lister().list());
  }

  /** Starts watching; the first sync runs once all three caches are filled (a half-filled one would drop rules). */
  public void start() throws InterruptedException {
    for (SharedInformer<?> informer : List.of(policies, pods, namespaces)) {
      informer.addEventHandler(enqueue());
      informer.start();
    }
    while (!policies.waitForSync(Duration.ofSeconds(10)) || !pods.waitForSync(Duration.ofSeconds(10))
        || !namespaces.waitForSync(Duration.ofSeconds(10))) {
      log.info("Waiting for the first list of NetworkPolicies, Pods and Namespaces");
    }
    Workers.start(NAME, queue, 1, controller);
    requestSync();
  }

  /** kube-proxy asks after each of its full syncs: its jumps may have been put above ours. */
  public void requestSync() {
    queue.add(NetworkPolicyController.KEY);
  }

  @Override
  public void close() {
    queue.shutDown();
    policies.close();
    pods.close();
    namespaces.close();
  }

  private <T> ResourceEventHandler<T> enqueue() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T o) {
        requestSync();
      }

      @Override
      public void onUpdate(T a, T b) {
        requestSync();
      }

      @Override
      public void onDelete(T o) {
        requestSync();
      }
    };
  }
}
