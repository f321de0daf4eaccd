package io.kava.apiserver.validation;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.Taint;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.selector.LabelValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules of the smaller core kinds: Namespace, Node, Service, Endpoints, ConfigMap, Secret, Event, and Lease. */
public final class CoreValidation {
  public static final long MAX_DATA_SIZE = 1024 * 1024;
  static final List<String> SERVICE_TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");

  private CoreValidation() {}

  public static List<FieldError> validateNamespace(Namespace ns) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < ns.getSpec().getFinalizersCount(); i++) {
      String f = ns.getSpec().getFinalizers(i);
      for (String msg : LabelValidation.isQualifiedName(f)) {
        errs.add(FieldError.invalid("spec.finalizers[" + i + "]", f, msg));
      }
    }
    PodValidation.oneOf(errs, "status.phase", ns.getStatus().getPhase(), List.of("Active", "Terminating"));
    return errs;
  }

  public static List<FieldError> validateNode(Node node) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < node.getSpec().getTaintsCount(); i++) {
      Taint t = node.getSpec().getTaints(i);
      String p = "spec.taints[" + i + "]";
      if (t.getKey().isEmpty()) {
        errs.add(FieldError.required(p + ".key", ""));
      } else {
        for (String msg : LabelValidation.isQualifiedName(t.getKey())) {
          errs.add(FieldError.invalid(p + ".key", t.getKey(), msg));
        }
      }
      for (String msg : LabelValidation.isValidLabelValue(t.getValue())) {
        errs.add(FieldError.invalid(p + ".value", t.getValue(), msg));
      }
      if (t.getEffect().isEmpty()) {
        errs.add(FieldError.required(p + ".effect", ""));
      } else {
        PodValidation.oneOf(errs, p + ".effect", t.getEffect(), PodValidation.TAINT_EFFECTS);
      }
    }
    NodeCidrs.validate(node, errs);
    for (Map.Entry<String, String> e : node.getStatus().getCapacityMap().entrySet()) {
      PodValidation.quantity(errs, "status.capacity[" + e.getKey() + "]", e.getValue());
    }
    for (Map.Entry<String, String> e : node.getStatus().getAllocatableMap().entrySet()) {
      PodValidation.quantity(errs, "status.allocatable[" + e.getKey() + "]", e.getValue());
    }
    return errs;
  }

  public static List<FieldError> validateService(Service svc) {
    List<FieldError> errs = new ArrayList<>();
    ServiceSpec spec = svc.getSpec();
    PodValidation.oneOf(errs, "spec.type", spec.getType(), SERVICE_TYPES);
    boolean externalName = spec.getType().equals("ExternalName");
    if (externalName) {
      if (spec.getExternalName().isEmpty()) {
        errs.add(FieldError.required("spec.externalName", ""));
      } else {
        for (String msg : NameRules.subdomain(spec.getExternalName())) {
          errs.add(FieldError.invalid("spec.externalName", spec.getExternalName(), msg));
        }
      }
    } else if (spec.getPortsCount() == 0 && !spec.getClusterIp().equals("None")) {
      errs.add(FieldError.required("spec.ports", ""));
    }
    Set<String> names = new HashSet<>();
    Set<String> portProtocols = new HashSet<>();
    Set<String> nodePortProtocols = new HashSet<>();
    for (int i = 0; i < spec.getPortsCount(); i++) {
      ServicePort port = spec.getPorts(i);
      String p = "spec.ports[" + i + "]";
      if (spec.getPortsCount() > 1 && port.getName().isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      } else if (!port.getName().isEmpty()) {
        for (String msg : NameRules.label(port.getName())) {
          errs.add(FieldError.invalid(p + ".name", port.getName(), msg));
        }
        if (!names.add(port.getName())) {
          errs.add(FieldError.duplicate(p + ".name", port.getName()));
        }
      }
      for (String msg : NameRules.portNumber(port.getPort())) {
        errs.add(FieldError.invalid(p + ".port", port.getPort(), msg));
      }
      if (port.getProtocol().isEmpty()) {
        errs.add(FieldError.required(p + ".protocol", ""));
      } else {
        PodValidation.oneOf(errs, p + ".protocol", port.getProtocol(), PodValidation.PROTOCOLS);
      }
      if (!portProtocols.add(port.getPort() + "/" + port.getProtocol())) {
        errs.add(FieldError.duplicate(p, port.getPort() + "/" + port.getProtocol()));
      }
      if (port.hasTargetPort()) {
        PodValidation.port(errs, p + ".targetPort", port.getTargetPort());
      }
      if (port.getNodePort() != 0) {
        if (!spec.getType().equals("NodePort") && !spec.getType().equals("LoadBalancer")) {
          errs.add(FieldError.forbidden(p + ".nodePort", "may not be used when `type` is '" + spec.getType() + "'"));
        }
        for (String msg : NameRules.portNumber(port.getNodePort())) {
          errs.add(FieldError.invalid(p + ".nodePort", port.getNodePort(), msg));
        }
        // One node port may serve TCP and UDP of a port, not the same protocol twice.
        if (!nodePortProtocols.add(port.getNodePort() + "/" + port.getProtocol())) {
          errs.add(FieldError.duplicate(p + ".nodePort", port.getNodePort()));
        }
      }
    }
    errs.addAll(MetaValidation.validateLabels(spec.getSelectorMap(), "spec.selector"));
    if (externalName && spec.getSelectorCount() > 0) {
      // Stricter than upstream, which accepts and ignores it (kubernetes#61623): issue 6 asks for an error.
      errs.add(FieldError.forbidden("spec.selector", "may not be set for ExternalName services"));
    }
    validateSessionAffinity(spec, errs);
    String ip = spec.getClusterIp();
    if (!ip.isEmpty() && !ip.equals("None") && !NameRules.isIp(ip)) {
      errs.add(FieldError.invalid("spec.clusterIP", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }
    if (ip.equals("None") && !spec.getType().equals("ClusterIP") && !externalName) {
      errs.add(FieldError.invalid("spec.clusterIP", ip, "may only be set to 'None' for ClusterIP services"));
    }
    if (externalName && !ip.isEmpty()) {
      errs.add(FieldError.forbidden("spec.clusterIP", "may not be set for ExternalName services"));
    }
    validateIpFamilies(spec, externalName, errs);
    for (int i = 0; i < spec.getExternalIpsCount(); i++) {
      if (!NameRules.isIp(spec.getExternalIps(i))) {
        errs.add(FieldError.invalid("spec.externalIPs[" + i + "]", spec.getExternalIps(i), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      }
    }
    PodValidation.oneOf(errs, "spec.externalTrafficPolicy", spec.getExternalTrafficPolicy(), List.of("Cluster", "Local"));
    PodValidation.oneOf(errs, "spec.internalTrafficPolicy", spec.getInternalTrafficPolicy(), List.of("Cluster", "Local"));
    return errs;
  }

  /** Upstream MaxClientIPServiceAffinitySeconds: one day. */
  static final int MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;

  private static void validateSessionAffinity(ServiceSpec spec, List<FieldError> errs) {
    PodValidation.oneOf(errs, "spec.sessionAffinity", spec.getSessionAffinity(), List.of("ClientIP", "None"));
    if (spec.getSessionAffinity().equals("ClientIP")) {
      if (!spec.getSessionAffinityConfig().getClientIp().hasTimeoutSeconds()) {
        errs.add(FieldError.required("spec.sessionAffinityConfig.clientIP.timeoutSeconds", ""));
      } else {
        int timeout = spec.getSessionAffinityConfig().getClientIp().getTimeoutSeconds();
        if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS) {
          errs.add(FieldError.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout,
              "must be greater than 0 and less than " + MAX_CLIENT_IP_TIMEOUT_SECONDS));
        }
      }
    } else if (spec.getSessionAffinity().equals("None") && spec.hasSessionAffinityConfig()) {
      errs.add(FieldError.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
    }
  }

  /** This cluster is single-stack IPv4: clusterIPs hold one address, ipFamilies only IPv4. */
  private static void validateIpFamilies(ServiceSpec spec, boolean externalName, List<FieldError> errs) {
    if (externalName) {
      // clusterIPs follow clusterIP (normalized before validation), whose error names the problem.
      if (spec.getIpFamiliesCount() > 0) {
        errs.add(FieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
      }
      if (!spec.getIpFamilyPolicy().isEmpty()) {
        errs.add(FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
      }
      return;
    }
    if (spec.getClusterIpsCount() > 0 && !spec.getClusterIp().isEmpty() && !spec.getClusterIps(0).equals(spec.getClusterIp())) {
      errs.add(FieldError.invalid("spec.clusterIPs", spec.getClusterIpsList(), "first value must match `clusterIP`"));
    }
    for (int i = 1; i < spec.getClusterIpsCount(); i++) {
      errs.add(FieldError.invalid("spec.clusterIPs[" + i + "]", spec.getClusterIps(i), "this cluster is single-stack (IPv4): only one cluster IP"));
    }
    for (int i = 0; i < spec.getIpFamiliesCount(); i++) {
      String family = spec.getIpFamilies(i);
      if (!family.equals("IPv4")) {
        if (family.equals("IPv6")) {
          errs.add(FieldError.invalid("spec.ipFamilies[" + i + "]", family, "not configured on this cluster"));
        } else {
          errs.add(FieldError.notSupported("spec.ipFamilies[" + i + "]", family, List.of("IPv4", "IPv6")));
        }
      }
    }
    String policy = spec.getIpFamilyPolicy();
    PodValidation.oneOf(errs, "spec.ipFamilyPolicy", policy, List.of("SingleStack", "PreferDualStack", "RequireDualStack"));
    if (policy.equals("RequireDualStack")) {
      errs.add(FieldError.invalid("spec.ipFamilyPolicy", policy, "this cluster is not configured for dual-stack services"));
    }
  }

  public static List<FieldError> validateServiceUpdate(Service svc, Service old) {
    List<FieldError> errs = validateService(svc);
    String oldIp = old.getSpec().getClusterIp();
    if (!oldIp.isEmpty() && !svc.getSpec().getType().equals("ExternalName") && !old.getSpec().getType().equals("ExternalName")
        && !svc.getSpec().getClusterIp().equals(oldIp)) {
      errs.add(FieldError.invalid("spec.clusterIP", svc.getSpec().getClusterIp(), "field is immutable"));
    }
    return errs;
  }

  public static List<FieldError> validateEndpoints(Endpoints ep) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < ep.getSubsetsCount(); i++) {
      EndpointSubset s = ep.getSubsets(i);
      String p = "subsets[" + i + "]";
      validateAddresses(s.getAddressesList(), p + ".addresses", errs);
      validateAddresses(s.getNotReadyAddressesList(), p + ".notReadyAddresses", errs);
      for (int j = 0; j < s.getPortsCount(); j++) {
        var port = s.getPorts(j);
        String pp = p + ".ports[" + j + "]";
        if (s.getPortsCount() > 1 && port.getName().isEmpty()) {
          errs.add(FieldError.required(pp + ".name", ""));
        }
        for (String msg : NameRules.portNumber(port.getPort())) {
          errs.add(FieldError.invalid(pp + ".port", port.getPort(), msg));
        }
        if (port.getProtocol().isEmpty()) {
          errs.add(FieldError.required(pp + ".protocol", ""));
        } else {
          PodValidation.oneOf(errs, pp + ".protocol", port.getProtocol(), PodValidation.PROTOCOLS);
        }
      }
    }
    return errs;
  }

  private static void validateAddresses(List<EndpointAddress> addresses, String path, List<FieldError> errs) {
    for (int i = 0; i < addresses.size(); i++) {
      String ip = addresses.get(i).getIp();
      if (!NameRules.isIp(ip)) {
        errs.add(FieldError.invalid(path + "[" + i + "].ip", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      }
    }
  }

  public static List<FieldError> validateConfigMap(ConfigMap cm) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(cm.getDataMap()).entrySet()) {
      for (String msg : NameRules.configMapKey(e.getKey())) {
        errs.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(), msg));
      }
      total += e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    for (Map.Entry<String, com.google.protobuf.ByteString> e : new java.util.TreeMap<>(cm.getBinaryDataMap()).entrySet()) {
      for (String msg : NameRules.configMapKey(e.getKey())) {
        errs.add(FieldError.invalid("binaryData[" + e.getKey() + "]", e.getKey(), msg));
      }
      if (cm.containsData(e.getKey())) {
        errs.add(FieldError.invalid("binaryData[" + e.getKey() + "]", e.getKey(), "duplicate of key present in data"));
      }
      total += e.getValue().size();
    }
    if (total > MAX_DATA_SIZE) {
      errs.add(FieldError.tooLong("data", MAX_DATA_SIZE));
    }
    return errs;
  }

  /** Upstream's ValidateNodeUpdate: the podCIDRs may go from none to some (the node IPAM controller), never change. */
  public static List<FieldError> validateNodeUpdate(Node node, Node old) {
    List<FieldError> errs = new ArrayList<>();
    if (old.getSpec().getPodCidrsCount() > 0 && !old.getSpec().getPodCidrsList().equals(node.getSpec().getPodCidrsList())) {
      errs.add(FieldError.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
    }
    return errs;
  }

  public static List<FieldError> validateConfigMapUpdate(ConfigMap cm, ConfigMap old) {
    List<FieldError> errs = validateConfigMap(cm);
    if (old.hasImmutable() && old.getImmutable()) {
      if (!cm.hasImmutable() || !cm.getImmutable()) {
        errs.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
      }
      if (!cm.getDataMap().equals(old.getDataMap()) || !cm.getBinaryDataMap().equals(old.getBinaryDataMap())) {
        errs.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
      }
    }
    return errs;
  }

  public static List<FieldError> validateSecret(Secret secret) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, com.google.protobuf.ByteString> e : new java.util.TreeMap<>(secret.getDataMap()).entrySet()) {
      for (String msg : NameRules.configMapKey(e.getKey())) {
        errs.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(), msg));
      }
      total += e.getValue().size();
    }
    if (total > MAX_DATA_SIZE) {
      errs.add(FieldError.tooLong("data", MAX_DATA_SIZE));
    }
    switch (secret.getType()) {
      case "kubernetes.io/tls" -> {
        requireKey(secret, "tls.crt", errs);
        requireKey(secret, "tls.key", errs);
      }
      case "kubernetes.io/dockerconfigjson" -> requireKey(secret, ".dockerconfigjson", errs);
      case "kubernetes.io/basic-auth" -> {
        if (!secret.containsData("username") && !secret.containsData("password")) {
          errs.add(FieldError.required("data[username]", ""));
        }
      }
      default -> { }
    }
    return errs;
  }

  private static void requireKey(Secret secret, String key, List<FieldError> errs) {
    if (!secret.containsData(key)) {
      errs.add(FieldError.required("data[" + key + "]", ""));
    }
  }

  public static List<FieldError> validateSecretUpdate(Secret secret, Secret old) {
    List<FieldError> errs = validateSecret(secret);
    if (!secret.getType().equals(old.getType())) {
      errs.add(FieldError.invalid("type", secret.getType(), "field is immutable"));
    }
    if (old.hasImmutable() && old.getImmutable()) {
      if (!secret.hasImmutable() || !secret.getImmutable()) {
        errs.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
      }
      if (!secret.getDataMap().equals(old.getDataMap())) {
        errs.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
      }
    }
    return errs;
  }

  public static List<FieldError> validateEvent(Event event) {
    List<FieldError> errs = new ArrayList<>();
    String ns = event.getMetadata().getNamespace();
    String involvedNs = event.getInvolvedObject().getNamespace();
    if (!involvedNs.isEmpty() && !involvedNs.equals(ns)) {
      errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    }
    PodValidation.oneOf(errs, "type", event.getType(), List.of("Normal", "Warning"));
    MetaValidation.nonNegative(errs, "count", event.getCount());
    return errs;
  }

  public static List<FieldError> validateLease(Lease lease) {
    List<FieldError> errs = new ArrayList<>();
    if (lease.getSpec().hasLeaseDurationSeconds()) {
      MetaValidation.positive(errs, "spec.leaseDurationSeconds", lease.getSpec().getLeaseDurationSeconds());
    }
    if (lease.getSpec().hasLeaseTransitions()) {
      MetaValidation.nonNegative(errs, "spec.leaseTransitions", lease.getSpec().getLeaseTransitions());
    }
    return errs;
  }
}
