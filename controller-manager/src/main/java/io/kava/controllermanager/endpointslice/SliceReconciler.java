package io.kava.controllermanager.endpointslice;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.EndpointSliceLabels;
import io.kava.controllermanager.util.EndpointPods;
import io.kava.controllermanager.util.OwnerReferences;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans the writes for one Service's EndpointSlices (upstream endpointslice reconciler): pods are
 * grouped by the port set they offer; within a group existing slices keep the endpoints still desired
 * (updated in place when one changed), free room in slices being updated anyway is filled first, the
 * rest goes to the unchanged slice it fits best or to new slices of at most {@code maxEndpointsPerSlice};
 * emptied slices are deleted, or reused instead of creating new ones. A Service with no endpoints keeps
 * one empty placeholder slice, as upstream. A pure function of its inputs.
 */
final class SliceReconciler {
  private final int maxEndpointsPerSlice;

  SliceReconciler(int maxEndpointsPerSlice) {
    this.maxEndpointsPerSlice = maxEndpointsPerSlice;
  }

  /**
   * @param pods the pods the Service selects
   * @param nodes the cached node of a name
   * @param existing the slices this controller manages for the Service, none of them being deleted
   */
  SlicePlan plan(Service service, List<Pod> pods, Function<String, Optional<Node>> nodes,
      List<EndpointSlice> existing) {
    List<EndpointSlice> creates = new ArrayList<>();
    List<EndpointSlice> updates = new ArrayList<>();
    List<EndpointSlice> deletes = new ArrayList<>();
    List<String> podsWithoutNode = new ArrayList<>();
    Map<String, String> labels = labels(service);

    Map<String, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
    for (EndpointSlice slice : sortedByName(existing)) {
      if (EndpointSlices.ownedBy(slice, service) && slice.getAddressType().equals(EndpointSlices.ADDRESS_TYPE_IPV4)) {
        existingByPorts.computeIfAbsent(SliceEndpoints.portKey(slice.getPortsList()), k -> new ArrayList<>()).add(slice);
      } else {
        deletes.add(slice); // an older Service's of the same name, or an address type this cluster does not serve
      }
    }

    Map<String, List<EndpointPort>> desiredPorts = new LinkedHashMap<>();
    Map<String, LinkedHashMap<String, Endpoint>> desiredByPorts = new LinkedHashMap<>();
    List<Pod> sortedPods = new ArrayList<>(pods);
    sortedPods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
    for (Pod pod : sortedPods) {
      if (!EndpointPods.shouldBeInEndpoints(pod, true)) {
        continue;
      }
      List<EndpointPort> ports = SliceEndpoints.ports(service, pod);
      String key = SliceEndpoints.portKey(ports);
      desiredPorts.putIfAbsent(key, ports);
      LinkedHashMap<String, Endpoint> desired = desiredByPorts.computeIfAbsent(key, k -> new LinkedHashMap<>());
      Optional<Node> node = nodes.apply(pod.getSpec().getNodeName());
      if (node.isEmpty() && !service.getSpec().getPublishNotReadyAddresses()) {
        // Upstream: left out and retried, so a pod naming a missing node cannot stall the others.
        podsWithoutNode.add(pod.getMetadata().getName());
        continue;
      }
      Endpoint endpoint = SliceEndpoints.endpoint(pod, node, service);
      desired.put(SliceEndpoints.identity(endpoint), endpoint);
    }

    for (Map.Entry<String, LinkedHashMap<String, Endpoint>> e : desiredByPorts.entrySet()) {
      reconcilePortGroup(service, labels, desiredPorts.get(e.getKey()),
          existingByPorts.getOrDefault(e.getKey(), List.of()), e.getValue(), creates, updates, deletes);
    }
    for (Map.Entry<String, List<EndpointSlice>> e : existingByPorts.entrySet()) {
      if (!desiredByPorts.containsKey(e.getKey())) {
        deletes.addAll(e.getValue());
      }
    }

    if (existing.size() == deletes.size() && creates.isEmpty()) {
      EndpointSlice placeholder = newSlice(service, labels, List.of());
      if (deletes.size() == 1 && samePlaceholder(deletes.get(0), placeholder)) {
        deletes.clear();
      } else {
        creates.add(placeholder);
      }
    }
    reuseDeletedForCreates(service, creates, updates, deletes);
    return new SlicePlan(creates, updates, deletes, podsWithoutNode);
  }

  /** Upstream reconcileByPortMapping, for the slices and desired endpoints of one port set. */
  private void reconcilePortGroup(Service service, Map<String, String> labels, List<EndpointPort> ports,
      List<EndpointSlice> existing, LinkedHashMap<String, Endpoint> desired, List<EndpointSlice> creates,
      List<EndpointSlice> updates, List<EndpointSlice> deletes) {
    Map<String, EndpointSlice> byName = new LinkedHashMap<>();
    Set<String> unchanged = new LinkedHashSet<>();
    Set<String> toUpdate = new LinkedHashSet<>();
    Set<String> toDelete = new LinkedHashSet<>();

    // 1. Keep what is still desired in each slice, in its place; note slices whose content moved.
    for (EndpointSlice slice : existing) {
      String name = slice.getMetadata().getName();
      byName.put(name, slice);
      List<Endpoint> kept = new ArrayList<>();
      boolean endpointChanged = false;
      for (Endpoint ep : slice.getEndpointsList()) {
        Endpoint want = desired.remove(SliceEndpoints.identity(ep));
        if (want != null) {
          kept.add(want);
          endpointChanged |= !want.equals(ep);
        }
      }
      boolean labelsChanged = !slice.getMetadata().getLabelsMap().equals(labels);
      if (endpointChanged || kept.size() != slice.getEndpointsCount()) {
        if (kept.isEmpty()) {
          toDelete.add(name);
        } else {
          byName.put(name, withEndpoints(withLabels(slice, labels), kept));
          toUpdate.add(name);
        }
      } else if (labelsChanged) {
        byName.put(name, withLabels(slice, labels));
        toUpdate.add(name);
      } else {
        unchanged.add(name);
      }
    }

    // 2. Slices written anyway take new endpoints first, fullest first.
    if (!desired.isEmpty() && !toUpdate.isEmpty()) {
      List<String> names = new ArrayList<>(toUpdate);
      names.sort(Comparator.comparingInt((String n) -> -byName.get(n).getEndpointsCount()));
      for (String name : names) {
        byName.put(name, fill(byName.get(name), desired));
      }
    }

    // 3. The rest into the unchanged slice it fits best, else into new slices.
    while (!desired.isEmpty()) {
      EndpointSlice target = null;
      if (desired.size() < maxEndpointsPerSlice && !unchanged.isEmpty()) {
        target = sliceToFill(unchanged.stream().map(byName::get).toList(), desired.size());
      }
      if (target == null) {
        creates.add(fill(newSlice(service, labels, ports), desired));
      } else {
        String name = target.getMetadata().getName();
        byName.put(name, fill(target, desired));
        unchanged.remove(name);
        toUpdate.add(name);
      }
    }
    toUpdate.forEach(n -> updates.add(byName.get(n)));
    toDelete.forEach(n -> deletes.add(byName.get(n)));
  }

  /** Upstream getSliceToFill: the slice closest to full after taking all of them, if one has room. */
  private EndpointSlice sliceToFill(List<EndpointSlice> slices, int count) {
    int closest = maxEndpointsPerSlice;
    EndpointSlice best = null;
    for (EndpointSlice s : slices) {
      int diff = maxEndpointsPerSlice - (count + s.getEndpointsCount());
      if (diff >= 0 && diff < closest) {
        closest = diff;
        best = s;
        if (diff == 0) {
          break;
        }
      }
    }
    return best;
  }

  private EndpointSlice fill(EndpointSlice slice, LinkedHashMap<String, Endpoint> desired) {
    EndpointSlice.Builder b = slice.toBuilder();
    Iterator<Endpoint> it = desired.values().iterator();
    while (it.hasNext() && b.getEndpointsCount() < maxEndpointsPerSlice) {
      b.addEndpoints(it.next());
      it.remove();
    }
    return b.build();
  }

  /**
   * Upstream finalize: rather than create one slice and delete another, update the one to be deleted
   * (if it is this Service's and of the same address type) into the one to be created.
   */
  private static void reuseDeletedForCreates(Service service, List<EndpointSlice> creates,
      List<EndpointSlice> updates, List<EndpointSlice> deletes) {
    Iterator<EndpointSlice> it = deletes.iterator();
    while (it.hasNext() && !creates.isEmpty()) {
      EndpointSlice old = it.next();
      if (!EndpointSlices.ownedBy(old, service) || !old.getAddressType().equals(EndpointSlices.ADDRESS_TYPE_IPV4)) {
        continue;
      }
      EndpointSlice created = creates.remove(creates.size() - 1);
      ObjectMeta meta = old.getMetadata().toBuilder().clearLabels().putAllLabels(created.getMetadata().getLabelsMap())
          .clearOwnerReferences().addAllOwnerReferences(created.getMetadata().getOwnerReferencesList()).build();
      updates.add(old.toBuilder().setMetadata(meta).clearPorts().addAllPorts(created.getPortsList())
          .clearEndpoints().addAllEndpoints(created.getEndpointsList()).build());
      it.remove();
    }
  }

  /** The Service's own labels except reserved ones, plus the reserved ones (upstream setEndpointSliceLabels). */
  static Map<String, String> labels(Service service) {
    Map<String, String> labels = new HashMap<>();
    service.getMetadata().getLabelsMap().forEach((k, v) -> {
      if (!EndpointSlices.isReservedLabel(k)) {
        labels.put(k, v);
      }
    });
    if (EndpointPods.isHeadless(service)) {
      labels.put(EndpointSlices.LABEL_HEADLESS, "");
    }
    labels.put(EndpointSliceLabels.SERVICE_NAME, service.getMetadata().getName());
    labels.put(EndpointSliceLabels.MANAGED_BY, EndpointSlices.CONTROLLER_NAME);
    return labels;
  }

  static EndpointSlice newSlice(Service service, Map<String, String> labels, List<EndpointPort> ports) {
    return EndpointSlice.newBuilder().setApiVersion("discovery.k8s.io/v1").setKind("EndpointSlice")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(service.getMetadata().getNamespace())
            .setGenerateName(EndpointSlices.generateName(service.getMetadata().getName()))
            .putAllLabels(labels).addOwnerReferences(OwnerReferences.newControllerRef(service)))
        .setAddressType(EndpointSlices.ADDRESS_TYPE_IPV4).addAllPorts(ports).build();
  }

  private static boolean samePlaceholder(EndpointSlice slice, EndpointSlice placeholder) {
    return slice.getMetadata().getLabelsMap().equals(placeholder.getMetadata().getLabelsMap())
        && slice.getMetadata().getOwnerReferencesList().equals(placeholder.getMetadata().getOwnerReferencesList())
        && slice.getAddressType().equals(placeholder.getAddressType())
        && slice.getPortsCount() == 0 && slice.getEndpointsCount() == 0;
  }

  private static EndpointSlice withLabels(EndpointSlice slice, Map<String, String> labels) {
    return slice.toBuilder().setMetadata(slice.getMetadata().toBuilder().clearLabels().putAllLabels(labels)).build();
  }

  private static EndpointSlice withEndpoints(EndpointSlice slice, List<Endpoint> endpoints) {
    return slice.toBuilder().clearEndpoints().addAllEndpoints(endpoints).build();
  }

  private static List<EndpointSlice> sortedByName(List<EndpointSlice> slices) {
    List<EndpointSlice> sorted = new ArrayList<>(slices);
    sorted.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    return sorted;
  }
}
