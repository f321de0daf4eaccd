package io.kava.controllermanager.endpoint;

import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
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

/**
 * Keeps the Endpoints of every Service with a selector (upstream pkg/controller/endpoint). Services
 * enqueue themselves, pods enqueue the Services that select them (old and new labels), and a changed
 * or deleted Endpoints enqueues its Service so that tampering is repaired. {@link EndpointsSyncer}
 * does the work.
 */
public final class EndpointsController implements Controller {
  public static final String NAME = "endpoint";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Service> services;
  private Lister<Endpoints> endpoints;
  private EndpointsSyncer syncer;

  public EndpointsController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), "endpoint-controller", ""));
  }

  public EndpointsController(KavaClient client, EventRecorder recorder) {
    this.client = client;
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
    var endpointsInformer = informers.informer(Endpoints.class);
    services = serviceInformer.lister();
    endpoints = endpointsInformer.lister();
    syncer = new EndpointsSyncer(client, services, podInformer.lister(), endpoints, recorder);
    serviceInformer.addEventHandler(new EnqueueKeys<>(queue::add));
    podInformer.addEventHandler(new PodServiceHandler(services, queue::add));
    endpointsInformer.addEventHandler(new EndpointsHandler());
  }

  @Override
  public void run(int workers) {
    // Upstream checkLeftoverEndpoints: Endpoints whose Service went while the manager was down.
    for (Endpoints e : endpoints.list()) {
      if (services.get(ApiObjects.key(e)).isEmpty()) {
        queue.add(ApiObjects.key(e));
      }
    }
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
    recorder.close();
  }

  /** Reconciles the Endpoints of one Service by "namespace/name"; throws to be retried. */
  public void sync(String key) {
    syncer.sync(key);
  }

  WorkQueue queue() {
    return queue;
  }


  private final class EndpointsHandler implements ResourceEventHandler<Endpoints> {
    @Override
    public void onUpdate(Endpoints old, Endpoints current) {
      String key = ApiObjects.key(current);
      // Only where this controller owns the Endpoints: others' (selector-less Services) are theirs.
      if (!old.getMetadata().getResourceVersion().equals(current.getMetadata().getResourceVersion())
          && services.get(key).map(s -> s.getSpec().getSelectorCount() > 0).orElse(false)) {
        queue.add(key);
      }
    }

    @Override
    public void onDelete(Endpoints deleted) {
      queue.add(ApiObjects.key(deleted));
    }
  }
}
