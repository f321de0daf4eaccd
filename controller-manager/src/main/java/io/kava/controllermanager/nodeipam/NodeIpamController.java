package io.kava.controllermanager.nodeipam;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every Node without one a {@code spec.podCIDR} (and {@code podCIDRs}) from {@code --cluster-cidr},
 * as upstream's node IPAM controller with its range allocator: the subnets already on Nodes are taken
 * before the first allocation (so a restarted manager never hands one out twice), a deleted Node's subnet
 * is freed, and a full range gives the Node a CIDRNotAvailable event.
 */
public final class NodeIpamController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(NodeIpamController.class);
  public static final String NAME = "node-ipam";

  private final ResourceClient<Node> nodeClient;
  private final EventRecorder recorder;
  private final CidrSet cidrs;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Node> nodes;

  public NodeIpamController(KavaClient client, NodeIpamConfig config) {
    this(client, new EventRecorder(client.resource(Event.class), "cidrAllocator", ""), config.cidrSet());
  }

  NodeIpamController(KavaClient client, EventRecorder recorder, CidrSet cidrs) {
    this.nodeClient = client.resource(Node.class);
    this.recorder = recorder;
    this.cidrs = cidrs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var informer = informers.informer(Node.class);
    nodes = informer.lister();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        queue.add(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(Node old, Node node) {
        if (!node.getSpec().getPodCidr().equals(old.getSpec().getPodCidr()) || node.getSpec().getPodCidr().isEmpty()) {
          queue.add(node.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(Node node) {
        // The Node is gone from the cache, so its subnet is freed here (upstream's delete handler does the same).
        podCidr(node).ifPresent(cidr -> {
          cidrs.release(cidr);
          log.info("Released pod CIDR {} of deleted node {}", cidr, node.getMetadata().getName());
        });
      }
    });
  }

  @Override
  public void run(int workers) {
    // Every subnet already on a Node is taken before any is handed out.
    occupyExisting();
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
    recorder.close();
  }

  /** Marks the podCIDRs of every cached Node taken. */
  void occupyExisting() {
    for (Node node : nodes.list()) {
      occupy(node);
    }
  }

  public void sync(String name) {
    Optional<Node> cached = nodes.get(name);
    if (cached.isEmpty() || !cached.get().getMetadata().getDeletionTimestamp().isEmpty()) {
      return;
    }
    if (!cached.get().getSpec().getPodCidr().isEmpty()) {
      occupy(cached.get());
      return;
    }
    // The cache may not show our own last write yet: look at the stored Node before allocating.
    Node fresh;
    try {
      fresh = nodeClient.get("", name);
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return;
      }
      throw e;
    }
    if (!fresh.getSpec().getPodCidr().isEmpty()) {
      occupy(fresh);
      return;
    }
    Optional<Ipv4Cidr> allocated = cidrs.allocateNext();
    if (allocated.isEmpty()) {
      recorder.normal(fresh, "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
      throw new IllegalStateException("Failed to allocate a pod CIDR for node " + name + ": the cluster CIDR is full");
    }
    String cidr = allocated.get().toString();
    try {
      nodeClient.update(fresh.toBuilder().setSpec(fresh.getSpec().toBuilder().setPodCidr(cidr).clearPodCidrs()
          .addPodCidrs(cidr)).build());
    } catch (RuntimeException e) {
      cidrs.release(allocated.get());
      recorder.normal(fresh, "CIDRAssignmentFailed", "Node " + name + " status is now: CIDRAssignmentFailed");
      throw e;
    }
    log.info("Set pod CIDR {} on node {}", cidr, name);
  }

  private void occupy(Node node) {
    podCidr(node).ifPresent(cidr -> {
      if (!cidrs.occupy(cidr)) {
        log.warn("Left pod CIDR {} of node {} alone: it is not a node subnet of the cluster CIDR", cidr,
            node.getMetadata().getName());
      }
    });
  }

  private static Optional<Ipv4Cidr> podCidr(Node node) {
    String cidr = node.getSpec().getPodCidr();
    if (cidr.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Ipv4Cidr.parse(cidr));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
