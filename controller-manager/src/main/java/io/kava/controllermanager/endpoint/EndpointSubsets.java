package io.kava.controllermanager.endpoint;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.controllermanager.util.EndpointPods;
import io.kava.controllermanager.util.Pods;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The subsets of a Service's Endpoints from the pods it selects (upstream syncService's loop,
 * addEndpointSubset and endpoints.RepackSubsets): one address per pod and resolved port, then regrouped
 * so that addresses offering the same ports share a subset, and sorted, so equal input gives equal
 * output. A pure function.
 */
final class EndpointSubsets {
  /** Upstream's sentinel for an address without ports (a headless Service with no ports). */
  private static final EndpointPort NO_PORT = EndpointPort.newBuilder().setPort(-1).build();
  private static final Comparator<EndpointAddress> BY_IP_AND_UID =
      Comparator.comparing(EndpointAddress::getIp).thenComparing(a -> a.getTargetRef().getUid());
  private static final Comparator<EndpointPort> PORT_ORDER = Comparator.comparing(EndpointPort::getName)
      .thenComparingInt(EndpointPort::getPort).thenComparing(EndpointPort::getProtocol)
      .thenComparing(EndpointPort::getAppProtocol);

  private EndpointSubsets() {}

  static List<EndpointSubset> compute(Service service, List<Pod> pods) {
    boolean publishNotReady = service.getSpec().getPublishNotReadyAddresses();
    // port -> (address identity -> ready), addresses kept by identity for the rebuild
    Map<EndpointPort, Map<String, Boolean>> readinessByPort = new LinkedHashMap<>();
    Map<String, EndpointAddress> addresses = new LinkedHashMap<>();
    for (Pod pod : pods) {
      if (!EndpointPods.shouldBeInEndpoints(pod, publishNotReady)) {
        continue;
      }
      EndpointAddress address = address(service, pod);
      String id = address.getIp() + "/" + address.getTargetRef().getUid();
      addresses.putIfAbsent(id, address);
      boolean ready = publishNotReady || Pods.isReady(pod);
      if (service.getSpec().getPortsCount() == 0) {
        if (EndpointPods.isHeadless(service)) {
          mark(readinessByPort, NO_PORT, id, ready);
        }
        continue;
      }
      for (ServicePort servicePort : service.getSpec().getPortsList()) {
        OptionalInt number = EndpointPods.findPort(pod, servicePort);
        if (number.isEmpty()) {
          continue; // a named targetPort this pod does not declare: not offered by this pod
        }
        mark(readinessByPort, endpointPort(servicePort, number.getAsInt()), id, ready);
      }
    }
    return repack(readinessByPort, addresses);
  }

  private static void mark(Map<EndpointPort, Map<String, Boolean>> readinessByPort, EndpointPort port, String id,
      boolean ready) {
    readinessByPort.computeIfAbsent(port, p -> new TreeMap<>()).merge(id, ready, Boolean::logicalOr);
  }

  static EndpointAddress address(Service service, Pod pod) {
    EndpointAddress.Builder a = EndpointAddress.newBuilder()
        .setIp(EndpointPods.ipv4Address(pod).orElseThrow())
        .setNodeName(pod.getSpec().getNodeName())
        .setTargetRef(ObjectReference.newBuilder().setKind("Pod").setNamespace(pod.getMetadata().getNamespace())
            .setName(pod.getMetadata().getName()).setUid(pod.getMetadata().getUid()));
    if (EndpointPods.shouldSetHostname(pod, service)) {
      a.setHostname(pod.getSpec().getHostname());
    }
    return a.build();
  }

  private static EndpointPort endpointPort(ServicePort servicePort, int number) {
    return EndpointPort.newBuilder().setName(servicePort.getName()).setPort(number)
        .setProtocol(EndpointPods.protocolOf(servicePort.getProtocol()))
        .setAppProtocol(servicePort.getAppProtocol()).build();
  }

  /** Ports offered by exactly the same addresses (with the same readiness) share one subset. */
  private static List<EndpointSubset> repack(Map<EndpointPort, Map<String, Boolean>> readinessByPort,
      Map<String, EndpointAddress> addresses) {
    Map<Map<String, Boolean>, List<EndpointPort>> portsByAddressSet = new LinkedHashMap<>();
    for (Map.Entry<EndpointPort, Map<String, Boolean>> e : readinessByPort.entrySet()) {
      List<EndpointPort> ports = portsByAddressSet.computeIfAbsent(e.getValue(), k -> new ArrayList<>());
      if (!e.getKey().equals(NO_PORT)) {
        ports.add(e.getKey());
      }
    }
    List<EndpointSubset> subsets = new ArrayList<>();
    portsByAddressSet.forEach((readiness, ports) -> {
      List<EndpointAddress> ready = new ArrayList<>();
      List<EndpointAddress> notReady = new ArrayList<>();
      readiness.forEach((id, isReady) -> (isReady ? ready : notReady).add(addresses.get(id)));
      ready.sort(BY_IP_AND_UID);
      notReady.sort(BY_IP_AND_UID);
      List<EndpointPort> sortedPorts = new ArrayList<>(ports);
      sortedPorts.sort(PORT_ORDER);
      subsets.add(EndpointSubset.newBuilder().addAllAddresses(ready).addAllNotReadyAddresses(notReady)
          .addAllPorts(sortedPorts).build());
    });
    subsets.sort(Comparator.comparing(EndpointSubsets::sortKey));
    return subsets;
  }

  static int addressCount(List<EndpointSubset> subsets) {
    return subsets.stream().mapToInt(s -> s.getAddressesCount() + s.getNotReadyAddressesCount()).sum();
  }

  /**
   * At most {@code max} addresses (upstream truncateEndpoints): not-ready addresses go first; when the
   * ready ones alone are too many, every not-ready one goes and each subset keeps its share of ready
   * ones, rounded up, until the total is reached.
   */
  static List<EndpointSubset> truncate(List<EndpointSubset> subsets, int max) {
    int ready = subsets.stream().mapToInt(EndpointSubset::getAddressesCount).sum();
    int notReady = subsets.stream().mapToInt(EndpointSubset::getNotReadyAddressesCount).sum();
    if (ready + notReady <= max) {
      return subsets;
    }
    boolean truncateReady = ready > max;
    int room = truncateReady ? max : max - ready;
    int total = truncateReady ? ready : notReady;
    int left = room;
    List<EndpointSubset> result = new ArrayList<>();
    for (EndpointSubset subset : subsets) {
      int inSubset = truncateReady ? subset.getAddressesCount() : subset.getNotReadyAddressesCount();
      int keep = Math.min((int) Math.ceil((double) inSubset / total * room), left);
      EndpointSubset.Builder b = subset.toBuilder();
      if (truncateReady) {
        b.clearAddresses().addAllAddresses(subset.getAddressesList().subList(0, Math.min(keep, inSubset)))
            .clearNotReadyAddresses();
        left -= b.getAddressesCount();
      } else {
        b.clearNotReadyAddresses().addAllNotReadyAddresses(
            subset.getNotReadyAddressesList().subList(0, Math.min(keep, inSubset)));
        left -= b.getNotReadyAddressesCount();
      }
      result.add(b.build());
    }
    return result;
  }

  private static String sortKey(EndpointSubset subset) {
    return subset.getPortsList().stream().map(p -> p.getName() + ":" + p.getPort() + "/" + p.getProtocol())
        .collect(Collectors.joining(","));
  }
}
