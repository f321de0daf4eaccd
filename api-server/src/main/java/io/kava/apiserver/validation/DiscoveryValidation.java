package io.kava.apiserver.validation;

import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules of discovery.k8s.io/v1 EndpointSlice, as upstream's ValidateEndpointSlice. */
public final class DiscoveryValidation {
  static final List<String> ADDRESS_TYPES = List.of("IPv4", "IPv6", "FQDN");
  static final int MAX_ENDPOINTS = 1000;
  static final int MAX_PORTS = 20000;

  private DiscoveryValidation() {}

  public static List<FieldError> validateEndpointSlice(EndpointSlice slice) {
    List<FieldError> errs = new ArrayList<>();
    if (slice.getAddressType().isEmpty()) {
      errs.add(FieldError.required("addressType", ""));
    } else {
      PodValidation.oneOf(errs, "addressType", slice.getAddressType(), ADDRESS_TYPES);
    }
    if (slice.getEndpointsCount() > MAX_ENDPOINTS) {
      errs.add(FieldError.tooMany("endpoints", slice.getEndpointsCount(), MAX_ENDPOINTS));
    }
    for (int i = 0; i < slice.getEndpointsCount(); i++) {
      validateEndpoint(slice.getEndpoints(i), slice.getAddressType(), "endpoints[" + i + "]", errs);
    }
    if (slice.getPortsCount() > MAX_PORTS) {
      errs.add(FieldError.tooMany("ports", slice.getPortsCount(), MAX_PORTS));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < slice.getPortsCount(); i++) {
      EndpointPort port = slice.getPorts(i);
      String p = "ports[" + i + "]";
      String name = port.getName();
      if (!name.isEmpty()) {
        for (String msg : NameRules.label(name)) {
          errs.add(FieldError.invalid(p + ".name", name, msg));
        }
      }
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(p + ".name", name));
      }
      if (port.hasPort()) {
        for (String msg : NameRules.portNumber(port.getPort())) {
          errs.add(FieldError.invalid(p + ".port", port.getPort(), msg));
        }
      }
      if (port.hasProtocol()) {
        PodValidation.oneOf(errs, p + ".protocol", port.getProtocol(), PodValidation.PROTOCOLS);
      }
    }
    return errs;
  }

  private static void validateEndpoint(Endpoint ep, String addressType, String path, List<FieldError> errs) {
    if (ep.getAddressesCount() == 0) {
      errs.add(FieldError.required(path + ".addresses", "must contain at least 1 address"));
    } else if (ep.getAddressesCount() > 100) {
      errs.add(FieldError.tooMany(path + ".addresses", ep.getAddressesCount(), 100));
    }
    for (int j = 0; j < ep.getAddressesCount(); j++) {
      String address = ep.getAddresses(j);
      String p = path + ".addresses[" + j + "]";
      boolean ok = switch (addressType) {
        case "IPv4" -> NameRules.isIp(address) && !address.contains(":");
        case "IPv6" -> NameRules.isIp(address) && address.contains(":");
        case "FQDN" -> NameRules.subdomain(address).isEmpty();
        default -> true;
      };
      if (!ok) {
        errs.add(FieldError.invalid(p, address, "must be a valid " + addressType + " address"));
      }
    }
    if (ep.hasHostname()) {
      for (String msg : NameRules.label(ep.getHostname())) {
        errs.add(FieldError.invalid(path + ".hostname", ep.getHostname(), msg));
      }
    }
    if (ep.hasNodeName()) {
      for (String msg : NameRules.subdomain(ep.getNodeName())) {
        errs.add(FieldError.invalid(path + ".nodeName", ep.getNodeName(), msg));
      }
    }
  }
}
