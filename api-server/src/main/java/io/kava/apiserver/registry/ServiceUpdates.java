package io.kava.apiserver.registry;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.ServiceStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a Service's create and update prepare before validation, as upstream's service strategy. */
final class ServiceUpdates {
  private ServiceUpdates() {}

  static Service prepareForCreate(Service svc) {
    ServiceSpec.Builder spec = svc.getSpec().toBuilder();
    normalizeClusterIps(spec, null);
    return svc.toBuilder().setSpec(spec).setStatus(ServiceStatus.getDefaultInstance()).build();
  }

  static Service prepareForUpdate(Service svc, Service old) {
    ServiceSpec.Builder spec = svc.getSpec().toBuilder();
    patchAllocatedValues(spec, old.getSpec());
    dropTypeDependentFields(spec, old.getSpec());
    normalizeClusterIps(spec, old.getSpec());
    return svc.toBuilder().setSpec(spec).build();
  }

  private static boolean needsClusterIp(String type) {
    return !type.equals("ExternalName");
  }

  private static boolean needsNodePorts(String type) {
    return type.equals("NodePort") || type.equals("LoadBalancer");
  }

  /**
   * Upstream patchAllocatedValues: an update that leaves clusterIP or a nodePort out keeps the allocated
   * value (node ports matched by port name), so that re-applying a manifest does not move them.
   */
  private static void patchAllocatedValues(ServiceSpec.Builder spec, ServiceSpec old) {
    String now = spec.getType();
    String before = old.getType();
    if (needsClusterIp(now) && needsClusterIp(before)) {
      if (spec.getClusterIp().isEmpty()) {
        spec.setClusterIp(old.getClusterIp());
      }
      if (spec.getClusterIpsCount() == 0) {
        spec.addAllClusterIps(old.getClusterIpsList());
      }
    }
    if (needsNodePorts(now) && needsNodePorts(before)) {
      Map<String, Integer> byName = new HashMap<>();
      for (ServicePort p : old.getPortsList()) {
        byName.putIfAbsent(p.getName(), p.getNodePort());
      }
      Set<Integer> used = new HashSet<>();
      spec.getPortsList().forEach(p -> used.add(p.getNodePort()));
      for (int i = 0; i < spec.getPortsCount(); i++) {
        ServicePort p = spec.getPorts(i);
        Integer previous = byName.get(p.getName());
        if (p.getNodePort() == 0 && previous != null && previous != 0 && !used.contains(previous)) {
          spec.setPorts(i, p.toBuilder().setNodePort(previous));
          used.add(previous);
        }
      }
    }
  }

  /**
   * Upstream dropTypeDependentFields: a type change that no longer needs clusterIP, node ports or an
   * external traffic policy drops them, unless the user changed them in the same update.
   */
  private static void dropTypeDependentFields(ServiceSpec.Builder spec, ServiceSpec old) {
    String now = spec.getType();
    String before = old.getType();
    if (needsClusterIp(before) && !needsClusterIp(now)
        && spec.getClusterIp().equals(old.getClusterIp()) && spec.getClusterIpsList().equals(old.getClusterIpsList())) {
      spec.clearClusterIp().clearClusterIps().clearIpFamilies().clearIpFamilyPolicy();
    }
    if (needsNodePorts(before) && !needsNodePorts(now) && sameNodePorts(spec.getPortsList(), old.getPortsList())) {
      for (int i = 0; i < spec.getPortsCount(); i++) {
        spec.setPorts(i, spec.getPorts(i).toBuilder().setNodePort(0));
      }
    }
    if (!needsNodePorts(now)) {
      spec.clearExternalTrafficPolicy();
    }
  }

  /** Node ports unchanged by the user: each new port's nodePort is 0 or the one of the old port of its name. */
  private static boolean sameNodePorts(List<ServicePort> ports, List<ServicePort> oldPorts) {
    Map<String, Integer> byName = new HashMap<>();
    oldPorts.forEach(p -> byName.putIfAbsent(p.getName(), p.getNodePort()));
    for (ServicePort p : ports) {
      if (p.getNodePort() != 0 && !Integer.valueOf(p.getNodePort()).equals(byName.get(p.getName()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Upstream normalizeClusterIPs: clusterIPs[0] follows clusterIP and the other way round, so a client
   * may set either.
   */
  private static void normalizeClusterIps(ServiceSpec.Builder spec, ServiceSpec old) {
    if (spec.getClusterIp().isEmpty() && spec.getClusterIpsCount() > 0) {
      spec.setClusterIp(spec.getClusterIps(0));
      return;
    }
    if (spec.getClusterIp().isEmpty()) {
      return;
    }
    boolean ipsUntouched = old != null && spec.getClusterIpsList().equals(old.getClusterIpsList())
        && !spec.getClusterIp().equals(old.getClusterIp());
    if (spec.getClusterIpsCount() == 0 || ipsUntouched) {
      spec.clearClusterIps().addClusterIps(spec.getClusterIp());
    }
  }
}
