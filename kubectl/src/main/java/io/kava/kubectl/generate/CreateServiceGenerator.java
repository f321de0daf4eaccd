package io.kava.kubectl.generate;

import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.selector.LabelValidation;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Service `kubectl create service TYPE NAME --tcp=...` builds (upstream's create_service.go): label and
 * selector `app: NAME`, one TCP port per `--tcp` pair named after it ("80-8080", "443"), the same
 * --node-port on every port.
 */
public final class CreateServiceGenerator {
  private CreateServiceGenerator() {}

  public static Service generate(String name, String type, List<String> tcp, String clusterIp, int nodePort,
      String externalName) {
    if (name == null || name.isEmpty()) {
      throw CliException.error("exactly one NAME is required, got 0");
    }
    if (clusterIp.equals("None") && !type.equals("ClusterIP")) {
      throw CliException.error("ClusterIP=None can only be used with ClusterIP service type");
    }
    if (!clusterIp.equals("None") && tcp.isEmpty() && !type.equals("ExternalName")) {
      throw CliException.error("at least one tcp port specifier must be provided");
    }
    if (type.equals("ExternalName") && !LabelValidation.isDns1123Subdomain(externalName).isEmpty()) {
      throw CliException.error("invalid service external name " + externalName);
    }
    ServiceSpec.Builder spec = ServiceSpec.newBuilder().setType(type).putSelector("app", name)
        .setExternalName(externalName);
    for (String pair : tcp) {
      ServicePort.Builder port = parsePorts(pair).setName(pair.replace(":", "-")).setProtocol("TCP").setNodePort(nodePort);
      spec.addPorts(port);
    }
    if (!clusterIp.isEmpty()) {
      spec.setClusterIp(clusterIp);
    }
    return Service.newBuilder().setApiVersion("v1").setKind("Service")
        .setMetadata(ObjectMeta.newBuilder().setName(name).putLabels("app", name)).setSpec(spec).build();
  }

  /** "80" or "80:8080" or "80:http", with upstream's errors (Go's ParseUint, port number and name rules). */
  static ServicePort.Builder parsePorts(String pair) {
    String[] parts = pair.split(":", -1);
    int port = parseUint16(parts[0]);
    ServicePort.Builder b = ServicePort.newBuilder().setPort(port);
    if (parts.length == 1) {
      b.getTargetPortBuilder().setIntVal(port);
      return b;
    }
    String target = parts[1];
    if (target.matches("[+-]?[0-9]{1,10}")) {
      long n = Long.parseLong(target);
      if (n < 1 || n > 65535) {
        throw CliException.error("must be between 1 and 65535, inclusive");
      }
      b.getTargetPortBuilder().setIntVal((int) n);
    } else {
      List<String> errors = portNameErrors(target);
      if (!errors.isEmpty()) {
        throw CliException.error(String.join(",", errors));
      }
      b.getTargetPortBuilder().setStrVal(target);
    }
    return b;
  }

  private static int parseUint16(String text) {
    if (!text.matches("[0-9]+")) {
      throw CliException.error("strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
    }
    if (text.length() > 5 || Integer.parseInt(text) > 65535) {
      throw CliException.error("strconv.ParseUint: parsing \"" + text + "\": value out of range");
    }
    return Integer.parseInt(text);
  }

  /** validation.IsValidPortName: an IANA_SVC_NAME, in upstream's words. */
  static List<String> portNameErrors(String name) {
    List<String> errors = new ArrayList<>();
    if (name.length() > 15) {
      errors.add("must be no more than 15 characters");
    }
    if (!name.matches("[-a-z0-9]+")) {
      errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!name.matches(".*[a-z].*")) {
      errors.add("must contain at least one letter (a-z)");
    }
    if (name.contains("--")) {
      errors.add("must not contain consecutive hyphens (-)");
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      errors.add("must not begin or end with a hyphen (-)");
    }
    return errors;
  }
}
