package io.kava.controllermanager.endpoint;

import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.controllermanager.util.EndpointPods;
import io.kava.controllermanager.util.ServiceMembership;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Service's sync (upstream endpoints controller syncService): the Endpoints named like the Service
 * get its selected pods as subsets and its labels; written only when either differs. Services without
 * a selector and ExternalName Services are left alone; the Endpoints of a deleted Service are deleted.
 */
final class EndpointsSyncer {
  private static final Logger log = LoggerFactory.getLogger(EndpointsSyncer.class);
  /** Upstream maxCapacity: more addresses than this are truncated and the Endpoints annotated. */
  static final int MAX_CAPACITY = 1000;
  static final String OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";
  static final String TRUNCATED = "truncated";
  static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

  private final ResourceClient<Endpoints> endpointsClient;
  private final Lister<Service> services;
  private final Lister<Pod> pods;
  private final Lister<Endpoints> endpoints;
  private final EventRecorder recorder;

  EndpointsSyncer(KavaClient client, Lister<Service> services, Lister<Pod> pods, Lister<Endpoints> endpoints,
      EventRecorder recorder) {
    this.endpointsClient = client.resource(Endpoints.class);
    this.recorder = recorder;
    this.services = services;
    this.pods = pods;
    this.endpoints = endpoints;
  }

  void sync(String key) {
    Optional<Service> cached = services.get(key);
    if (cached.isEmpty()) {
      deleteEndpoints(key);
      return;
    }
    Service service = cached.get();
    if ("ExternalName".equals(service.getSpec().getType()) || service.getSpec().getSelectorCount() == 0) {
      return;
    }
    String namespace = service.getMetadata().getNamespace();
    List<Pod> selected = pods.list(namespace, p -> ServiceMembership.selects(service, p.getMetadata().getLabelsMap()));
    List<EndpointSubset> subsets = EndpointSubsets.compute(service, selected);
    boolean truncated = EndpointSubsets.addressCount(subsets) > MAX_CAPACITY;
    if (truncated) {
      subsets = EndpointSubsets.truncate(subsets, MAX_CAPACITY);
    }
    Map<String, String> labels = new HashMap<>(service.getMetadata().getLabelsMap());
    if (EndpointPods.isHeadless(service)) {
      labels.put(HEADLESS_LABEL, "");
    } else {
      labels.remove(HEADLESS_LABEL);
    }

    Optional<Endpoints> current = endpoints.get(key);
    if (current.isPresent() && current.get().getSubsetsList().equals(subsets)
        && current.get().getMetadata().getLabelsMap().equals(labels)
        && truncated == TRUNCATED.equals(current.get().getMetadata().getAnnotationsMap().get(OVER_CAPACITY_ANNOTATION))) {
      return;
    }
    ObjectMeta.Builder meta = current.map(e -> e.getMetadata().toBuilder())
        .orElseGet(() -> ObjectMeta.newBuilder().setNamespace(namespace).setName(service.getMetadata().getName()))
        .clearLabels().putAllLabels(labels);
    if (truncated) {
      meta.putAnnotations(OVER_CAPACITY_ANNOTATION, TRUNCATED);
    } else {
      meta.removeAnnotations(OVER_CAPACITY_ANNOTATION);
    }
    Endpoints desired = current.orElseGet(() -> Endpoints.newBuilder().setApiVersion("v1").setKind("Endpoints").build())
        .toBuilder().setMetadata(meta).clearSubsets().addAllSubsets(subsets).build();
    if (current.isPresent()) {
      // Guarded by the cached resourceVersion: a stale cache gets a conflict and the key is retried.
      write(service, "FailedToUpdateEndpoint", "update", () -> endpointsClient.update(desired));
      log.debug("Updated Endpoints {}", key);
    } else {
      write(service, "FailedToCreateEndpoint", "create", () -> endpointsClient.create(desired));
      log.info("Created Endpoints {}", key);
    }
  }

  /** A failed write becomes a Warning event on the Service (kavactl describe shows it), then a retry. */
  private void write(Service service, String reason, String verb, Runnable write) {
    try {
      write.run();
    } catch (ApiException e) {
      if (!e.isConflict()) {
        recorder.warning(service, reason, "Failed to " + verb + " endpoint for service "
            + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName() + ": " + e.getMessage());
      }
      throw e;
    }
  }

  private void deleteEndpoints(String key) {
    String[] parts = key.split("/", 2);
    try {
      endpointsClient.delete(parts[0], parts[1]);
      log.info("Deleted Endpoints {} of a deleted Service", key);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }
}
