package io.kava.kubectl.generate;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.client.selector.LabelValidation;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks a generated Service must pass before anything is printed or sent: the name, the type, the
 * protocols, the port numbers and target port names, worded as upstream's API server words them ("The Service "x" is invalid: ...").
 * Upstream leaves these to the server, so its client dry run prints a Service the server would refuse;
 * kavactl refuses it at once so that a dry run never shows what cannot be created.
 */
public final class ServiceChecks {
  private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);

  private ServiceChecks() {}

  public static void check(Service svc) {
    List<String> errors = new ArrayList<>();
    String name = svc.getMetadata().getName();
    for (String msg : dns1035Label(name)) {
      errors.add("metadata.name: Invalid value: \"" + name + "\": " + msg);
    }
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
      if (p.getTargetPort().hasStrVal()) {
        for (String msg : CreateServiceGenerator.portNameErrors(p.getTargetPort().getStrVal())) {
          errors.add(path + ".targetPort: Invalid value: \"" + p.getTargetPort().getStrVal() + "\": " + msg);
        }
      }
    }
    if (!errors.isEmpty()) {
      String causes = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
      throw new CliException("The Service \"" + svc.getMetadata().getName() + "\" is invalid: " + causes);
    }
  }

  /** A Service's name: an RFC 1035 label (validation.IsDNS1035Label), in upstream's words. */
  static List<String> dns1035Label(String name) {
    List<String> errors = new ArrayList<>();
    if (name.length() > 63) {
      errors.add(LabelValidation.maxLenError(63));
    }
    if (!DNS1035_LABEL.matcher(name).matches()) {
      errors.add("a DNS-1035 label " + LabelValidation.regexError("must consist of lower case alphanumeric characters "
          + "or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FMT,
          "my-name", "abc-123"));
    }
    return errors;
  }

  private static String quoted(List<String> values) {
    return String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList());
  }
}
