package io.kava.kubectl.generate;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Service `kubectl expose` builds from an object, as upstream's expose.go and its polymorphic
 * helpers do: the selector from the object's matchLabels (a pod's labels, a Service's selector), the
 * port from --port or else the object's container ports (one port: unnamed; several: port-1, port-2, ...;
 * one port with two protocols: port-1-tcp, port-1-udp), targetPort from --target-port or else the port,
 * the labels of the exposed object. A pure function: every failure is a {@link CliException} with
 * upstream's wording.
 */
public final class ExposeGenerator {
  /** validation.DNS1035LabelMaxLength: a longer object name is cut to this for the Service's name. */
  static final int MAX_NAME_LENGTH = 63;

  private ExposeGenerator() {}

  public static Service generate(Kind kind, Message object, ExposeOptions o) {
    if (!List.of(Kinds.POD, Kinds.SERVICE, Kinds.DEPLOYMENT, Kinds.REPLICA_SET).contains(kind)) {
      throw CliException.error("cannot expose a " + kind.kind() + (kind.group().isEmpty() ? "" : "." + kind.group()));
    }
    ObjectMeta meta = ApiObjects.meta(object);
    String defaultName = meta.getName().length() > MAX_NAME_LENGTH
        ? meta.getName().substring(0, MAX_NAME_LENGTH) : meta.getName();

    Map<String, String> selector;
    if (o.selector().isEmpty()) {
      try {
        selector = selectorOf(object);
      } catch (IllegalArgumentException e) {
        throw CliException.error("couldn't retrieve selectors via --selector flag or introspection: " + e.getMessage());
      }
    } else {
      selector = parseLabels(o.selector());
    }

    boolean headless = o.clusterIp().equals("None");
    String port = o.port();
    String ports = "";
    if (port.isEmpty()) {
      List<String> found = portsOf(object);
      switch (found.size()) {
        case 0 -> {
          if (!headless) {
            throw CliException.error("couldn't find port via --port flag or introspection");
          }
        }
        case 1 -> port = found.get(0);
        default -> ports = String.join(",", found);
      }
    }
    Map<String, List<String>> protocols = protocolsOf(object);
    Map<String, String> labels = o.labels().isEmpty() ? meta.getLabelsMap() : parseLabels(o.labels());
    String name = o.name().isEmpty() ? defaultName : o.name();
    if (name.isEmpty()) {
      throw CliException.error("name must be specified");
    }

    ServiceSpec.Builder spec = ServiceSpec.newBuilder().putAllSelector(selector);
    String portString = ports.isEmpty() ? port : ports;
    if (!portString.isEmpty()) {
      addPorts(spec, portString.split(",", -1), o.protocol(), protocols);
    }
    setTargetPorts(spec, o.targetPort());
    if (!o.externalIp().isEmpty()) {
      spec.addExternalIps(o.externalIp());
    }
    if (!o.type().isEmpty()) {
      spec.setType(o.type());
    }
    if (spec.getType().equals("LoadBalancer")) {
      spec.setLoadBalancerIp(o.loadBalancerIp());
    }
    if (!o.sessionAffinity().isEmpty()) {
      if (!o.sessionAffinity().equals("None") && !o.sessionAffinity().equals("ClientIP")) {
        throw CliException.error("unknown session affinity: " + o.sessionAffinity());
      }
      spec.setSessionAffinity(o.sessionAffinity());
    }
    if (!o.clusterIp().isEmpty()) {
      spec.setClusterIp(o.clusterIp());
    }
    return Service.newBuilder().setApiVersion("v1").setKind("Service")
        .setMetadata(ObjectMeta.newBuilder().setName(name).putAllLabels(labels))
        .setSpec(spec).build();
  }

  private static void addPorts(ServiceSpec.Builder spec, String[] portStrings, String protocolFlag,
      Map<String, List<String>> protocols) {
    for (int i = 0; i < portStrings.length; i++) {
      String portText = portStrings[i];
      int port = atoi(portText);
      String name = portStrings.length > 1 ? "port-" + (i + 1) : "";
      String protocol = protocolFlag;
      if (protocol.isEmpty()) {
        protocol = "TCP";
        List<String> exposed = protocols.get(portText);
        if (exposed != null && exposed.size() == 1) {
          protocol = exposed.get(0);
        } else if (exposed != null) {
          // one port number served over several protocols: a Service port for each
          for (String p : exposed) {
            spec.addPorts(ServicePort.newBuilder().setName("port-" + (i + 1) + "-" + p.toLowerCase(Locale.ROOT))
                .setPort(port).setProtocol(p));
          }
          continue;
        }
      }
      spec.addPorts(ServicePort.newBuilder().setName(name).setPort(port).setProtocol(protocol));
    }
  }

  /** --target-port for every port (a number, else a port name), or else each port's own number. */
  private static void setTargetPorts(ServiceSpec.Builder spec, String targetPort) {
    for (ServicePort.Builder p : spec.getPortsBuilderList()) {
      if (targetPort.isEmpty()) {
        p.getTargetPortBuilder().setIntVal(p.getPort());
      } else {
        Integer number = parseIntOrNull(targetPort);
        if (number != null) {
          p.getTargetPortBuilder().setIntVal(number);
        } else {
          p.getTargetPortBuilder().setStrVal(targetPort);
        }
      }
    }
  }

  /** The map-based selector of the exposed object (upstream's mapBasedSelectorForObject). */
  static Map<String, String> selectorOf(Message object) {
    if (object instanceof Pod pod) {
      if (pod.getMetadata().getLabelsCount() == 0) {
        throw new IllegalArgumentException("the pod has no labels and cannot be exposed");
      }
      return pod.getMetadata().getLabelsMap();
    }
    if (object instanceof Service svc) {
      if (svc.getSpec().getSelectorCount() == 0) {
        throw new IllegalArgumentException("the service has no pod selector set");
      }
      return svc.getSpec().getSelectorMap();
    }
    if (object instanceof Deployment d) {
      return matchLabels(d.getSpec().getSelector(), "deployment");
    }
    if (object instanceof ReplicaSet rs) {
      return matchLabels(rs.getSpec().getSelector(), "replicaset");
    }
    throw new IllegalArgumentException("cannot extract pod selector from " + object.getDescriptorForType().getName());
  }

  private static Map<String, String> matchLabels(LabelSelector selector, String what) {
    if (selector.getMatchLabelsCount() == 0) {
      throw new IllegalArgumentException("invalid " + what + ": no selectors, therefore cannot be exposed");
    }
    if (selector.getMatchExpressionsCount() > 0) {
      throw new IllegalArgumentException("couldn't convert expressions - \"" + goFormat(selector.getMatchExpressionsList())
          + "\" to map-based selector format");
    }
    return selector.getMatchLabelsMap();
  }

  /** Go's %+v of []LabelSelectorRequirement: `[{Key:tier Operator:In Values:[a b]}]`. */
  static String goFormat(List<LabelSelectorRequirement> requirements) {
    List<String> parts = new ArrayList<>();
    for (LabelSelectorRequirement r : requirements) {
      parts.add("{Key:" + r.getKey() + " Operator:" + r.getOperator() + " Values:[" + String.join(" ", r.getValuesList())
          + "]}");
    }
    return "[" + String.join(" ", parts) + "]";
  }

  /** The distinct container ports of the pod template (a Service: its ports), in order. */
  static List<String> portsOf(Message object) {
    List<String> ports = new ArrayList<>();
    if (object instanceof Service svc) {
      svc.getSpec().getPortsList().forEach(p -> addUnique(ports, Integer.toString(p.getPort())));
      return ports;
    }
    for (Container c : podSpecOf(object).getContainersList()) {
      for (ContainerPort p : c.getPortsList()) {
        addUnique(ports, Integer.toString(p.getContainerPort()));
      }
    }
    return ports;
  }

  /** Each port number's protocols (TCP where unset), as upstream's multiProtocolsForObject. */
  static Map<String, List<String>> protocolsOf(Message object) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (object instanceof Service svc) {
      for (ServicePort p : svc.getSpec().getPortsList()) {
        result.computeIfAbsent(Integer.toString(p.getPort()), k -> new ArrayList<>())
            .add(p.getProtocol().isEmpty() ? "TCP" : p.getProtocol());
      }
      return result;
    }
    for (Container c : podSpecOf(object).getContainersList()) {
      for (ContainerPort p : c.getPortsList()) {
        result.computeIfAbsent(Integer.toString(p.getContainerPort()), k -> new ArrayList<>())
            .add(p.getProtocol().isEmpty() ? "TCP" : p.getProtocol());
      }
    }
    return result;
  }

  private static PodSpec podSpecOf(Message object) {
    if (object instanceof Pod pod) {
      return pod.getSpec();
    }
    if (object instanceof Deployment d) {
      return d.getSpec().getTemplate().getSpec();
    }
    if (object instanceof ReplicaSet rs) {
      return rs.getSpec().getTemplate().getSpec();
    }
    return PodSpec.getDefaultInstance();
  }

  private static void addUnique(List<String> list, String value) {
    if (!list.contains(value)) {
      list.add(value);
    }
  }

  /** "a=1,b=2" as upstream's parseLabels reads it: only equality, every pair `key=value`. */
  static Map<String, String> parseLabels(String spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : spec.split(",", -1)) {
      String[] kv = pair.split("=", -1);
      if (kv.length != 2) {
        throw CliException.error("unexpected label spec: " + pair);
      }
      if (kv[0].isEmpty()) {
        throw CliException.error("unexpected empty label key");
      }
      labels.put(kv[0], kv[1]);
    }
    return labels;
  }

  /** Go's strconv.Atoi, with its error text. */
  static int atoi(String text) {
    if (!text.matches("[+-]?[0-9]+")) {
      throw CliException.error("strconv.Atoi: parsing \"" + text + "\": invalid syntax");
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw CliException.error("strconv.Atoi: parsing \"" + text + "\": value out of range");
    }
  }

  private static Integer parseIntOrNull(String text) {
    if (!text.matches("[+-]?[0-9]+")) {
      return null;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
