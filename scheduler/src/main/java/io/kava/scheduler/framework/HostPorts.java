package io.kava.scheduler.framework;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host ports in use on a node, by host IP, as upstream's HostPortInfo: an empty host IP means
 * 0.0.0.0 (every address) and an empty protocol means TCP. 0.0.0.0 conflicts with the same
 * protocol and port on any address, and a specific address conflicts with itself and with 0.0.0.0.
 */
public final class HostPorts {
  private static final String ALL_ADDRESSES = "0.0.0.0";

  private record ProtocolPort(String protocol, int port) {}

  private final Map<String, Set<ProtocolPort>> byIp = new HashMap<>();

  public void add(ContainerPort port) {
    if (port.getHostPort() <= 0) {
      return;
    }
    byIp.computeIfAbsent(ip(port), k -> new HashSet<>()).add(protocolPort(port));
  }

  public void addAll(Pod pod) {
    wanted(pod).forEach(this::add);
  }

  public boolean conflicts(ContainerPort port) {
    if (port.getHostPort() <= 0) {
      return false;
    }
    ProtocolPort pp = protocolPort(port);
    String ip = ip(port);
    if (ip.equals(ALL_ADDRESSES)) {
      return byIp.values().stream().anyMatch(ports -> ports.contains(pp));
    }
    return byIp.getOrDefault(ALL_ADDRESSES, Set.of()).contains(pp) || byIp.getOrDefault(ip, Set.of()).contains(pp);
  }

  /** The ports a pod asks for on its host: every container port with a hostPort. */
  public static List<ContainerPort> wanted(Pod pod) {
    List<ContainerPort> ports = new ArrayList<>();
    for (Container c : pod.getSpec().getContainersList()) {
      for (ContainerPort p : c.getPortsList()) {
        if (p.getHostPort() > 0) {
          ports.add(p);
        }
      }
    }
    return ports;
  }

  private static String ip(ContainerPort port) {
    return port.getHostIp().isEmpty() ? ALL_ADDRESSES : port.getHostIp();
  }

  private static ProtocolPort protocolPort(ContainerPort port) {
    return new ProtocolPort(port.getProtocol().isEmpty() ? "TCP" : port.getProtocol(), port.getHostPort());
  }
}
