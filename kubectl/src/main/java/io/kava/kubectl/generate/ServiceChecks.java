package io.kava.kubectl.generate;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a generated Service must pass before anything is printed or sent: the type, the protocols
 * and the port numbers, worded as upstream's API server words them ("The Service "x" is invalid: ...").
 * Upstream leaves these to the server, so its client dry run prints a Service the server would refuse;
 * kavactl refuses it at once so that a dry run never shows what cannot be created.
 */
public final class ServiceChecks {
  private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

  private ServiceChecks() {}

  public static void check(Service svc) {
    List<String> errors = new ArrayList<>();
    String type = svc.getSpec().getType();
    if (!type.isEmpty() && !TYPES.contains(type)) {
      errors.add("spec.type: Unsupported value: \"" + type + "\": supported values: " + quoted(TYPES));
    }
    for (int i = 0; i < svc.getSpec().getPortsCount(); i++) {
      ServicePort p = svc.getSpec().getPorts(i);
      String path = "spec.ports[" + i + "]";
      if (p.getPort() < 1 || p.getPort() > 65535) {
        errors.add(path + ".port: Invalid value: " + p.getPort() + ": must be between 1 and 65535, inclusive");
      }
      if (!PROTOCOLS.contains(p.getProtocol())) {
        errors.add(path + ".protocol: Unsupported value: \"" + p.getProtocol() + "\": supported values: "
            + quoted(PROTOCOLS));
      }
      if (p.getTargetPort().hasIntVal() && (p.getTargetPort().getIntVal() < 1 || p.getTargetPort().getIntVal() > 65535)) {
        errors.add(path + ".targetPort: Invalid value: " + p.getTargetPort().getIntVal()
            + ": must be between 1 and 65535, inclusive");
      }
    }
    if (!errors.isEmpty()) {
      String causes = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
      throw new CliException("The Service \"" + svc.getMetadata().getName() + "\" is invalid: " + causes);
    }
  }

  private static String quoted(List<String> values) {
    return String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList());
  }
}
