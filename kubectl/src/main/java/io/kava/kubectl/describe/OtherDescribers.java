package io.kava.kubectl.describe;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** describe service, configmap, secret and namespace. */
final class OtherDescribers {
  private OtherDescribers() {}

  static void service(DescribeWriter w, Session session, Service svc) {
    var spec = svc.getSpec();
    Describer.header(w, svc.getMetadata(), true);
    w.line(0, "Selector:", spec.getSelectorCount() == 0 ? "<none>" : Selectors.labels(spec.getSelectorMap()));
    w.line(0, "Type:", spec.getType().isEmpty() ? "ClusterIP" : spec.getType());
    if (!spec.getIpFamilyPolicy().isEmpty()) {
      w.line(0, "IP Family Policy:", spec.getIpFamilyPolicy());
    }
    if (spec.getIpFamiliesCount() > 0) {
      w.line(0, "IP Families:", String.join(",", spec.getIpFamiliesList()));
    }
    w.line(0, "IP:", spec.getClusterIp().isEmpty() ? "<none>" : spec.getClusterIp());
    if (spec.getClusterIpsCount() > 0) {
      w.line(0, "IPs:", String.join(",", spec.getClusterIpsList()));
    }
    if (spec.getExternalIpsCount() > 0) {
      w.line(0, "External IPs:", String.join(",", spec.getExternalIpsList()));
    }
    if (!spec.getExternalName().isEmpty()) {
      w.line(0, "External Name:", spec.getExternalName());
    }
    Endpoints endpoints = endpointsOf(session, svc);
    for (ServicePort p : spec.getPortsList()) {
      String name = p.getName().isEmpty() ? "<unset>" : p.getName();
      String protocol = p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
      w.line(0, "Port:", name, p.getPort() + "/" + protocol);
      String target = switch (p.getTargetPort().getValueCase()) {
        case INT_VAL -> Integer.toString(p.getTargetPort().getIntVal());
        case STR_VAL -> p.getTargetPort().getStrVal();
        default -> Integer.toString(p.getPort());
      };
      w.line(0, "TargetPort:", target + "/" + protocol);
      if (p.getNodePort() != 0) {
        w.line(0, "NodePort:", name, p.getNodePort() + "/" + protocol);
      }
      w.line(0, "Endpoints:", endpointsFor(endpoints, p.getName()));
    }
    w.line(0, "Session Affinity:", spec.getSessionAffinity().isEmpty() ? "None" : spec.getSessionAffinity());
    if (!spec.getExternalTrafficPolicy().isEmpty()) {
      w.line(0, "External Traffic Policy:", spec.getExternalTrafficPolicy());
    }
  }

  private static Endpoints endpointsOf(Session session, Service svc) {
    try {
      return (Endpoints) session.resource(Kinds.ENDPOINTS).get(svc.getMetadata().getNamespace(), svc.getMetadata().getName());
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return null;
      }
      throw e;
    }
  }

  /** "ip:port,ip:port" of the endpoint port with this name, or "&lt;none&gt;". */
  static String endpointsFor(Endpoints endpoints, String portName) {
    if (endpoints == null) {
      return "<none>";
    }
    List<String> list = new ArrayList<>();
    for (EndpointSubset ss : endpoints.getSubsetsList()) {
      for (EndpointPort port : ss.getPortsList()) {
        if (port.getName().equals(portName)) {
          for (EndpointAddress a : ss.getAddressesList()) {
            list.add(a.getIp() + ":" + port.getPort());
          }
        }
      }
    }
    return list.isEmpty() ? "<none>" : String.join(",", list);
  }

  static void configMap(DescribeWriter w, ConfigMap cm) {
    Describer.header(w, cm.getMetadata(), true);
    w.flush();
    w.line(0, "");
    w.line(0, "Data");
    w.line(0, "====");
    new TreeMap<>(cm.getDataMap()).forEach((k, v) -> {
      w.line(0, k + ":");
      w.line(0, "----");
      for (String line : v.split("\n", -1)) {
        w.line(0, line);
      }
    });
    w.line(0, "");
    w.line(0, "BinaryData");
    w.line(0, "====");
    new TreeMap<>(cm.getBinaryDataMap()).forEach((k, v) -> w.line(0, k + ":", v.size() + " bytes"));
    w.line(0, "");
  }

  static void secret(DescribeWriter w, Secret secret) {
    Describer.header(w, secret.getMetadata(), true);
    w.line(0, "");
    w.line(0, "Type:", secret.getType());
    w.line(0, "");
    w.line(0, "Data");
    w.line(0, "====");
    new TreeMap<>(secret.getDataMap()).forEach((k, v) -> w.line(0, k + ":", v.size() + " bytes"));
  }

  static void namespace(DescribeWriter w, Namespace ns) {
    w.line(0, "Name:", ns.getMetadata().getName());
    w.labels(0, "Labels", ns.getMetadata().getLabelsMap());
    w.annotations(0, ns.getMetadata().getAnnotationsMap());
    w.line(0, "Status:", ns.getStatus().getPhase().isEmpty() ? "Active" : ns.getStatus().getPhase());
    w.line(0, "");
    w.line(0, "No resource quota.");
    w.line(0, "");
    w.line(0, "No LimitRange resource.");
  }
}
