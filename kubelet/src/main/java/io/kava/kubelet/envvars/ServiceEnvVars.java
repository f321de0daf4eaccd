package io.kava.kubelet.envvars;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service environment variables, exactly upstream's pkg/kubelet/envvars and the kubelet's
 * getServiceEnvVarMap: for every Service with a cluster IP, {@code <NAME>_SERVICE_HOST},
 * {@code <NAME>_SERVICE_PORT} (the first port), {@code <NAME>_SERVICE_PORT_<PORTNAME>} for each named
 * port, and Docker-link variables {@code <NAME>_PORT=tcp://ip:port}, {@code <NAME>_PORT_<port>_<PROTO>}
 * with {@code _PROTO}, {@code _PORT} and {@code _ADDR}.
 */
public final class ServiceEnvVars {
  /** The services every pod learns about, from the default namespace, even without service links. */
  private static final String MASTER_SERVICE = "kubernetes";
  private static final String DEFAULT_NAMESPACE = "default";

  private ServiceEnvVars() {}

  /**
   * The variables for a pod in namespace: the {@code kubernetes} Service of {@code default} always, and
   * with enableServiceLinks every Service of the pod's own namespace (which wins over a namesake).
   */
  public static Map<String, String> forPod(String namespace, boolean enableServiceLinks, Collection<Service> all) {
    Map<String, Service> byName = new TreeMap<>();
    for (Service s : all) {
      if (!hasClusterIp(s)) {
        continue;
      }
      String name = s.getMetadata().getName();
      boolean ownNamespace = s.getMetadata().getNamespace().equals(namespace);
      if (s.getMetadata().getNamespace().equals(DEFAULT_NAMESPACE) && name.equals(MASTER_SERVICE)) {
        if (ownNamespace && enableServiceLinks) {
          byName.put(name, s);
        } else {
          byName.putIfAbsent(name, s);
        }
      } else if (ownNamespace && enableServiceLinks) {
        byName.put(name, s);
      }
    }
    return fromServices(List.copyOf(byName.values()));
  }

  /** Upstream's FromServices, in the order given (services without a cluster IP are skipped). */
  public static Map<String, String> fromServices(List<Service> services) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Service s : services) {
      if (!hasClusterIp(s) || s.getSpec().getPortsCount() == 0) {
        continue;
      }
      String prefix = variableName(s.getMetadata().getName());
      String ip = s.getSpec().getClusterIp();
      env.put(prefix + "_SERVICE_HOST", ip);
      String portVar = prefix + "_SERVICE_PORT";
      env.put(portVar, Integer.toString(s.getSpec().getPorts(0).getPort()));
      for (ServicePort p : s.getSpec().getPortsList()) {
        if (!p.getName().isEmpty()) {
          env.put(portVar + "_" + variableName(p.getName()), Integer.toString(p.getPort()));
        }
      }
      linkVariables(env, prefix, ip, s.getSpec().getPortsList());
    }
    return env;
  }

  private static void linkVariables(Map<String, String> env, String prefix, String ip, List<ServicePort> ports) {
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      String protocol = p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
      String lower = protocol.toLowerCase(Locale.ROOT);
      String url = lower + "://" + hostPort(ip, p.getPort());
      if (i == 0) {
        env.put(prefix + "_PORT", url); // Docker special-cases the first port
      }
      String portPrefix = prefix + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
      env.put(portPrefix, url);
      env.put(portPrefix + "_PROTO", lower);
      env.put(portPrefix + "_PORT", Integer.toString(p.getPort()));
      env.put(portPrefix + "_ADDR", ip);
    }
  }

  /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
  private static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  /** Upstream's makeEnvVariableName: upper case, dashes to underscores. */
  static String variableName(String name) {
    return name.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** Upstream's IsServiceIPSet: "None" (headless) and "" (ExternalName) have no variables. */
  static boolean hasClusterIp(Service s) {
    String ip = s.getSpec().getClusterIp();
    return !ip.isEmpty() && !ip.equals("None");
  }
}
