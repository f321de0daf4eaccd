package io.kava.controllermanager.endpointslice;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.ApiException;
import io.kava.client.EndpointSliceLabels;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.controllermanager.util.ServiceMembership;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Service's sync (upstream endpointslice controller syncService and reconciler finalize): reads
 * the Service, its pods, the nodes and the slices it manages from the listers, plans with
 * {@link SliceReconciler} and writes the plan: creates (not for a Service being deleted), updates
 * guarded by the cached resourceVersion, deletes. Throws to be retried.
 */
final class EndpointSliceSyncer {
  private static final Logger log = LoggerFactory.getLogger(EndpointSliceSyncer.class);

  private final ResourceClient<EndpointSlice> sliceClient;
  private final Lister<Service> services;
  private final Lister<Pod> pods;
  private final Lister<Node> nodes;
  private final Lister<EndpointSlice> slices;
  private final SliceTracker tracker;
  private final SliceReconciler reconciler;
  private final EventRecorder recorder;

  EndpointSliceSyncer(KavaClient client, Lister<Service> services, Lister<Pod> pods, Lister<Node> nodes,
      Lister<EndpointSlice> slices, SliceTracker tracker, int maxEndpointsPerSlice, EventRecorder recorder) {
    this.recorder = recorder;
    this.sliceClient = client.resource(EndpointSlice.class);
    this.services = services;
    this.pods = pods;
    this.nodes = nodes;
    this.slices = slices;
    this.tracker = tracker;
    this.reconciler = new SliceReconciler(maxEndpointsPerSlice);
  }

  void sync(String key) {
    Optional<Service> cached = services.get(key);
    if (cached.isEmpty()) {
      // Its slices carry its controller reference: the garbage collector deletes them.
      tracker.forget(key);
      return;
    }
    Service service = cached.get();
    if ("ExternalName".equals(service.getSpec().getType()) || service.getSpec().getSelectorCount() == 0) {
      return; // selector-less Services get their slices from whoever manages them
    }
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    List<Pod> selected = pods.list(namespace, p -> ServiceMembership.selects(service, p.getMetadata().getLabelsMap()));
    List<EndpointSlice> managed = slices.list(namespace, s -> EndpointSlices.managedByController(s)
        && name.equals(s.getMetadata().getLabelsMap().get(EndpointSliceLabels.SERVICE_NAME))
        && s.getMetadata().getDeletionTimestamp().isEmpty());
    if (tracker.isStale(key, managed)) {
      throw new IllegalStateException("EndpointSlice cache does not show this controller's writes yet");
    }

    SlicePlan plan = reconciler.plan(service, selected, nodes::get, managed);
    try {
      write(key, service, plan);
    } catch (ApiException e) {
      if (!e.isConflict()) {
        recorder.warning(service, "FailedToUpdateEndpointSlices", "Error updating Endpoint Slices for Service "
            + key + ": " + e.getMessage());
      }
      throw e;
    }
    if (!plan.podsWithoutNode().isEmpty()) {
      throw new IllegalStateException("Left out pods whose node is not known yet: " + plan.podsWithoutNode());
    }
  }

  private void write(String key, Service service, SlicePlan plan) {
    String namespace = service.getMetadata().getNamespace();
    if (service.getMetadata().getDeletionTimestamp().isEmpty()) {
      for (EndpointSlice slice : plan.creates()) {
        EndpointSlice created = sliceClient.create(slice);
        tracker.wrote(key, created);
        log.info("Created EndpointSlice {} for Service {}", created.getMetadata().getName(), key);
      }
    }
    for (EndpointSlice slice : plan.updates()) {
      tracker.wrote(key, sliceClient.update(slice));
      log.debug("Updated EndpointSlice {} of Service {}", slice.getMetadata().getName(), key);
    }
    for (EndpointSlice slice : plan.deletes()) {
      try {
        sliceClient.delete(namespace, slice.getMetadata().getName());
        log.info("Deleted EndpointSlice {} of Service {}", slice.getMetadata().getName(), key);
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
      tracker.deleted(key, slice.getMetadata().getName());
    }
  }
}
