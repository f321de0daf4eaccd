package io.kava.controllermanager.util;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.client.ApiObjects;
import io.kava.client.informer.Lister;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which Services a pod belongs to (upstream GetPodServiceMemberships and
 * GetServicesToUpdateOnPodChange), for the event handlers of the endpoint controllers.
 */
public final class ServiceMembership {
  private ServiceMembership() {}

  /**
   * Whether the Service's selector picks these labels. A Service without a selector picks nothing: its
   * endpoints belong to whoever writes them (protobuf cannot tell an empty selector from none).
   */
  public static boolean selects(Service service, Map<String, String> labels) {
    Map<String, String> selector = service.getSpec().getSelectorMap();
    if (selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Keys of the Services in the pod's namespace that select it. */
  public static Set<String> servicesOf(Lister<Service> services, Pod pod) {
    Set<String> keys = new LinkedHashSet<>();
    for (Service s : services.list(pod.getMetadata().getNamespace())) {
      if (selects(s, pod.getMetadata().getLabelsMap())) {
        keys.add(ApiObjects.key(s));
      }
    }
    return keys;
  }

  /**
   * Keys of the Services a pod update concerns: none for a resync or a change no endpoint shows;
   * those of the old and the new labels when membership may have moved.
   */
  public static Set<String> servicesToUpdate(Lister<Service> services, Pod old, Pod pod) {
    if (old.getMetadata().getResourceVersion().equals(pod.getMetadata().getResourceVersion())) {
      return Set.of();
    }
    boolean labelsChanged = !old.getMetadata().getLabelsMap().equals(pod.getMetadata().getLabelsMap())
        || !old.getSpec().getHostname().equals(pod.getSpec().getHostname())
        || !old.getSpec().getSubdomain().equals(pod.getSpec().getSubdomain());
    if (!labelsChanged && !endpointChanged(old, pod)) {
      return Set.of();
    }
    Set<String> keys = servicesOf(services, pod);
    if (labelsChanged) {
      keys.addAll(servicesOf(services, old));
    }
    return keys;
  }

  /** Whether anything an Endpoints address or an EndpointSlice endpoint shows of the pod moved. */
  static boolean endpointChanged(Pod old, Pod pod) {
    return !old.getMetadata().getDeletionTimestamp().equals(pod.getMetadata().getDeletionTimestamp())
        || Pods.isReady(old) != Pods.isReady(pod)
        || !Objects.equals(EndpointPods.ipv4Address(old), EndpointPods.ipv4Address(pod))
        || !old.getSpec().getNodeName().equals(pod.getSpec().getNodeName())
        || !old.getStatus().getPhase().equals(pod.getStatus().getPhase());
  }
}
