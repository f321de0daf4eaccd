package io.kava.controllermanager.util;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * Pod events of the endpoint controllers: enqueue the key of every Service that selects the pod, before
 * and after the change (upstream addPod, updatePod, deletePod). No batching: each key is queued at once.
 */
public final class PodServiceHandler implements ResourceEventHandler<Pod> {
  private final Lister<Service> services;
  private final Consumer<String> enqueue;

  public PodServiceHandler(Lister<Service> services, Consumer<String> enqueue) {
    this.services = services;
    this.enqueue = enqueue;
  }

  @Override
  public void onAdd(Pod pod) {
    ServiceMembership.servicesOf(services, pod).forEach(enqueue);
  }

  @Override
  public void onUpdate(Pod old, Pod pod) {
    ServiceMembership.servicesToUpdate(services, old, pod).forEach(enqueue);
  }

  @Override
  public void onDelete(Pod pod) {
    ServiceMembership.servicesOf(services, pod).forEach(enqueue);
  }
}
