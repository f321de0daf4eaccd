package io.kava.proxy;

import java.util.List;
import java.util.Locale;

/**
 * One port of a Service that kube-proxy programs, with every endpoint the Service's EndpointSlices
 * list for it (upstream's ServicePort plus its entry in the EndpointsMap).
 *
 * @param portName the ServicePort's name ("" for a single unnamed port)
 * @param protocol TCP, UDP or SCTP
 * @param nodePort 0 when the Service has none
 * @param stickySeconds ClientIP session affinity timeout; 0 when the Service has no affinity
 */
public record ServicePortInfo(
    String namespace,
    String name,
    String portName,
    String protocol,
    String clusterIP,
    int port,
    int nodePort,
    int stickySeconds,
    List<Endpoint> endpoints) {

  public ServicePortInfo {
    endpoints = List.copyOf(endpoints);
  }

  /** Upstream's ServicePortName.String(): "ns/name" or "ns/name:port". */
  public String portNameString() {
    return namespace + "/" + name + (portName.isEmpty() ? "" : ":" + portName);
  }

  /** "tcp", "udp": the -p and -m argument, and part of the chain hashes. */
  public String protocolArg() {
    return protocol.toLowerCase(Locale.ROOT);
  }

  public boolean clientIPAffinity() {
    return stickySeconds > 0;
  }
}
