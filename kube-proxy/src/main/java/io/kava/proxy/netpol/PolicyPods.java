package io.kava.proxy.netpol;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.api.networking.v1.NetworkPolicyPeer;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods a policy can name, as upstream defines them: pods with an IPv4 pod IP, not on the host
 * network, not finished (a finished pod's IP may be given to another). A namespace's labels always
 * include kubernetes.io/metadata.name (upstream's default label; added here too for namespaces stored
 * before the API server set it). Pure: built from the informers' lists for one sync.
 */
public final class PolicyPods {
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final List<Pod> pods;
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

  public PolicyPods(List<Pod> pods, List<Namespace> namespaces) {
    this.pods = pods.stream().filter(PolicyPods::hasPolicyIp)
        .sorted(Comparator.comparing(PolicyPods::key)).toList();
    for (Namespace ns : namespaces) {
      Map<String, String> labels = new HashMap<>(ns.getMetadata().getLabelsMap());
      labels.put(NAMESPACE_NAME_LABEL, ns.getMetadata().getName());
      namespaceLabels.put(ns.getMetadata().getName(), labels);
    }
  }

  static boolean hasPolicyIp(Pod pod) {
    String ip = pod.getStatus().getPodIp();
    String phase = pod.getStatus().getPhase();
    return !ip.isEmpty() && !ip.contains(":") && !pod.getSpec().getHostNetwork()
        && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** Every pod with a pod IP, in namespace/name order. */
  public List<Pod> all() {
    return pods;
  }

  /** The pods of the policy's namespace that its spec.podSelector selects. */
  public boolean isSelectedBy(Pod pod, NetworkPolicy policy) {
    return pod.getMetadata().getNamespace().equals(policy.getMetadata().getNamespace())
        && selector(policy.getSpec().getPodSelector()).matches(pod.getMetadata().getLabelsMap());
  }

  /**
   * The pods a peer with selectors names: podSelector alone, pods of the policy's namespace;
   * namespaceSelector alone, every pod of the namespaces it selects; both, the pods it selects in those
   * namespaces. A peer with an ipBlock names no pod.
   */
  public List<Pod> peers(String policyNamespace, NetworkPolicyPeer peer) {
    if (peer.hasIpBlock() || (!peer.hasPodSelector() && !peer.hasNamespaceSelector())) {
      return List.of();
    }
    Selector podSelector = peer.hasPodSelector() ? selector(peer.getPodSelector()) : Selector.everything();
    Selector namespaceSelector = peer.hasNamespaceSelector() ? selector(peer.getNamespaceSelector()) : null;
    return pods.stream().filter(p -> {
      String ns = p.getMetadata().getNamespace();
      boolean inNamespace = namespaceSelector == null ? ns.equals(policyNamespace)
          : namespaceSelector.matches(namespaceLabels.getOrDefault(ns, Map.of(NAMESPACE_NAME_LABEL, ns)));
      return inNamespace && podSelector.matches(p.getMetadata().getLabelsMap());
    }).toList();
  }

  private static Selector selector(LabelSelector s) {
    return LabelSelectors.fromProto(s);
  }
}
