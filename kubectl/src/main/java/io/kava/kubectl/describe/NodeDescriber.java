package io.kava.kubectl.describe;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Age;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** describe node: roles, taints, conditions, addresses, capacity, system info and the pods on it. */
final class NodeDescriber {
  private NodeDescriber() {}

  static void write(DescribeWriter w, Session session, Node node, Instant now) {
    var meta = node.getMetadata();
    var st = node.getStatus();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Roles:", io.kava.kubectl.print.KindTables.roles(meta.getLabelsMap()));
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "CreationTimestamp:", w.time(meta.getCreationTimestamp()));
    if (node.getSpec().getTaintsCount() == 0) {
      w.line(0, "Taints:", "<none>");
    } else {
      boolean first = true;
      for (Taint t : node.getSpec().getTaintsList()) {
        w.line(0, first ? "Taints:" : "", t.getKey() + (t.getValue().isEmpty() ? "" : "=" + t.getValue()) + ":" + t.getEffect());
        first = false;
      }
    }
    w.line(0, "Unschedulable:", Boolean.toString(node.getSpec().getUnschedulable()));
    if (st.getConditionsCount() > 0) {
      w.line(0, "Conditions:");
      w.line(1, "Type", "Status", "LastHeartbeatTime", "LastTransitionTime", "Reason", "Message");
      w.line(1, "----", "------", "-----------------", "------------------", "------", "-------");
      for (NodeCondition c : st.getConditionsList()) {
        w.line(1, c.getType(), c.getStatus(), w.time(c.getLastHeartbeatTime()), w.time(c.getLastTransitionTime()),
            c.getReason(), c.getMessage());
      }
    }
    w.line(0, "Addresses:");
    for (NodeAddress a : st.getAddressesList()) {
      w.line(1, a.getType() + ":", a.getAddress());
    }
    resources(w, "Capacity", st.getCapacityMap());
    resources(w, "Allocatable", st.getAllocatableMap());
    var info = st.getNodeInfo();
    w.line(0, "System Info:");
    w.line(1, "Machine ID:", info.getMachineId());
    w.line(1, "System UUID:", info.getSystemUuid());
    w.line(1, "Boot ID:", info.getBootId());
    w.line(1, "Kernel Version:", info.getKernelVersion());
    w.line(1, "OS Image:", info.getOsImage());
    w.line(1, "Operating System:", info.getOperatingSystem());
    w.line(1, "Architecture:", info.getArchitecture());
    w.line(1, "Container Runtime Version:", info.getContainerRuntimeVersion());
    w.line(1, "Kubelet Version:", info.getKubeletVersion());
    w.line(1, "Kube-Proxy Version:", info.getKubeProxyVersion());
    if (!node.getSpec().getPodCidr().isEmpty()) {
      w.line(0, "PodCIDR:", node.getSpec().getPodCidr());
    }
    List<Pod> pods = podsOn(session, meta.getName());
    w.line(0, "Non-terminated Pods:", "(" + pods.size() + " in total)");
    if (!pods.isEmpty()) {
      w.line(1, "Namespace", "Name", "Age");
      w.line(1, "---------", "----", "---");
      for (Pod p : pods) {
        w.line(1, p.getMetadata().getNamespace(), p.getMetadata().getName(),
            Age.since(p.getMetadata().getCreationTimestamp(), now));
      }
    }
  }

  private static void resources(DescribeWriter w, String title, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    w.line(0, title + ":");
    new TreeMap<>(values).forEach((k, v) -> w.line(1, k + ":", v));
  }

  /** Pods bound to the node and not finished, found with a field selector or, failing that, by filtering. */
  private static List<Pod> podsOn(Session session, String nodeName) {
    List<Message> items;
    try {
      items = session.resource(Kinds.POD).list(ListOptions.all().withFieldSelector("spec.nodeName=" + nodeName)).items();
    } catch (ApiException e) {
      if (e.isUnavailable()) {
        throw e;
      }
      items = session.resource(Kinds.POD).list(ListOptions.all()).items();
    }
    List<Pod> pods = new ArrayList<>();
    for (Message m : items) {
      Pod p = (Pod) m;
      String phase = p.getStatus().getPhase();
      if (p.getSpec().getNodeName().equals(nodeName) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
        pods.add(p);
      }
    }
    pods.sort(java.util.Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
        .thenComparing(p -> p.getMetadata().getName()));
    return pods;
  }
}
