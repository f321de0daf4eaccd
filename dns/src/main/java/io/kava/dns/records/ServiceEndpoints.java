package io.kava.dns.records;

import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.EndpointStates;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ready IPv4 endpoints of one Service, merged from its EndpointSlices, each with the DNS name it
 * goes by (its hostname, else its address with dashes: 10-1-2-3) and the ports of its slice.
 */
final class ServiceEndpoints {
  /** One ready address, as DNS sees it. */
  record ReadyAddress(String ip, String name, List<EndpointPort> ports) {}

  private ServiceEndpoints() {}

  /**
   * Ready addresses in slice order, each address once. Upstream reads an unset ready condition as
   * ready; a Service with publishNotReadyAddresses gets ready=true from the EndpointSlice controller.
   */
  static List<ReadyAddress> ready(List<EndpointSlice> slices) {
    List<ReadyAddress> result = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (EndpointSlice slice : slices) {
      if (!slice.getAddressType().equals("IPv4")) {
        continue; // this server answers A records only
      }
      for (Endpoint endpoint : slice.getEndpointsList()) {
        if (!EndpointStates.ready(endpoint.getConditions())) {
          continue;
        }
        for (String ip : endpoint.getAddressesList()) {
          if (Ipv4Range.Ipv4.parse(ip).isPresent() && seen.add(ip)) {
            result.add(new ReadyAddress(ip, endpointName(endpoint, ip), slice.getPortsList()));
          }
        }
      }
    }
    return result;
  }

  /** CoreDNS's endpoint name: the hostname when set, else the address with dots turned to dashes. */
  static String endpointName(Endpoint endpoint, String ip) {
    return endpoint.hasHostname() && !endpoint.getHostname().isEmpty()
        ? endpoint.getHostname().toLowerCase(Locale.ROOT) : ip.replace('.', '-');
  }
}
