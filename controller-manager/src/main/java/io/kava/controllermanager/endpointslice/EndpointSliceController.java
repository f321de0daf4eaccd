package io.kava.controllermanager.endpointslice;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.EnqueueKeys;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.PodServiceHandler;
import io.kava.controllermanager.util.ServiceMembership;
import java.util.Objects;

/**
 * Keeps the EndpointSlices of every Service with a selector (upstream pkg/controller/endpointslice).
 * Services enqueue themselves; pods enqueue the Services that select them (old and new labels); a
 * change to a slice this controller manages, other than the echo of its own write, enqueues the slice's
 * Service so that tampering is repaired; a node that appears or changes zone enqueues the Services of
 * its pods. {@link EndpointSliceSyncer} does the work.
 */
public final class EndpointSliceController implements Controller {
  public static final String NAME = "endpointslice";

  private final KavaClient client;
  private final int maxEndpointsPerSlice;
  private final EventRecorder recorder;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final SliceTracker tracker = new SliceTracker();
  private Lister<Service> services;
  private Lister<Pod> pods;
  private EndpointSliceSyncer syncer;

  public EndpointSliceController(KavaClient client) {
    this(client, EndpointSlices.MAX_ENDPOINTS_PER_SLICE);
  }

  public EndpointSliceController(KavaClient client, int maxEndpointsPerSlice) {
    this(client, maxEndpointsPerSlice, new EventRecorder(client.resource(Event.class), "endpointslice-controller", ""));
  }

  public EndpointSliceController(KavaClient client, int maxEndpointsPerSlice, EventRecorder recorder) {
    this.client = client;
    this.maxEndpointsPerSlice = maxEndpointsPerSlice;
    this.recorder = recorder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var serviceInformer = informers.informer(Service.class);
    var podInformer = informers.informer(Pod.class);
    var nodeInformer = informers.informer(Node.class);
    var sliceInformer = informers.informer(EndpointSlice.class);
    services = serviceInformer.lister();
    pods = podInformer.lister();
    syncer = new EndpointSliceSyncer(client, services, pods, nodeInformer.lister(), sliceInformer.lister(), tracker,
        maxEndpointsPerSlice, recorder);
    serviceInformer.addEventHandler(new EnqueueKeys<>(queue::add));
    podInformer.addEventHandler(new PodServiceHandler(services, queue::add));
    nodeInformer.addEventHandler(new NodeHandler());
    sliceInformer.addEventHandler(new SliceHandler());
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

  /** Reconciles the slices of one Service by "namespace/name"; throws to be retried. */
  public void sync(String key) {
    syncer.sync(key);
  }

  WorkQueue queue() {
    return queue;
  }


  private final class SliceHandler implements ResourceEventHandler<EndpointSlice> {
    @Override
    public void onRevisionWentBack() {
      tracker.clear(); // writes of a history etcd no longer has: the cache never shows them
    }

    @Override
    public void onAdd(EndpointSlice slice) {
      changed(slice);
    }

    @Override
    public void onUpdate(EndpointSlice old, EndpointSlice slice) {
      if (old.getMetadata().getResourceVersion().equals(slice.getMetadata().getResourceVersion())) {
        return; // periodic resync: the Services' own resync covers it
      }
      if (EndpointSlices.managedByController(old) && !EndpointSlices.managedByController(slice)) {
        // Taken over by someone else: the Service needs a slice of its own again.
        EndpointSlices.serviceKey(old).ifPresent(queue::add);
      }
      if (!Objects.equals(EndpointSlices.serviceKey(old), EndpointSlices.serviceKey(slice))) {
        EndpointSlices.serviceKey(old).ifPresent(queue::add);
      }
      changed(slice);
    }

    @Override
    public void onDelete(EndpointSlice slice) {
      if (!EndpointSlices.managedByController(slice)) {
        return;
      }
      EndpointSlices.serviceKey(slice).ifPresent(key -> {
        if (!tracker.observedDeletion(key, slice.getMetadata().getName())) {
          queue.add(key);
        }
      });
    }

    private void changed(EndpointSlice slice) {
      if (!EndpointSlices.managedByController(slice)) {
        return;
      }
      EndpointSlices.serviceKey(slice).ifPresent(key -> {
        if (!tracker.observed(key, slice)) {
          queue.add(key);
        }
      });
    }
  }

  private final class NodeHandler implements ResourceEventHandler<Node> {
    @Override
    public void onAdd(Node node) {
      enqueueServicesOnNode(node.getMetadata().getName());
    }

    @Override
    public void onUpdate(Node old, Node node) {
      if (!Objects.equals(old.getMetadata().getLabelsMap().get(SliceEndpoints.ZONE_LABEL),
          node.getMetadata().getLabelsMap().get(SliceEndpoints.ZONE_LABEL))) {
        enqueueServicesOnNode(node.getMetadata().getName());
      }
    }

    private void enqueueServicesOnNode(String nodeName) {
      for (Pod pod : pods.list()) {
        if (pod.getSpec().getNodeName().equals(nodeName)) {
          ServiceMembership.servicesOf(services, pod).forEach(queue::add);
        }
      }
    }
  }
}
