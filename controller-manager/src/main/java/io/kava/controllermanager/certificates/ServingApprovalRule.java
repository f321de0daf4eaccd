package io.kava.controllermanager.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Kava's approval of kubelet serving certificates (signer kubernetes.io/kubelet-serving), which upstream
 * leaves to a person: a request is approved when the node asks for itself (requestor system:node:NAME in
 * system:nodes, subject CN the same, O system:nodes, the signer's usages) and every DNS name is one of
 * that Node's Hostname, InternalDNS or ExternalDNS addresses and every IP one of its InternalIP or
 * ExternalIP addresses. Anything else is left for a person (`kavactl certificate approve`); a node's own
 * request while its Node is not yet known is retried. The addresses are the ones the node reports in its
 * own status: a node cannot get a name its Node does not show, but it chooses what its Node shows
 * (docs/security.md).
 */
public final class ServingApprovalRule {
  public static final String MESSAGE = "Auto approving self kubelet serving certificate: every name is one of the Node's addresses.";

  private static final Set<String> NAME_TYPES = Set.of("Hostname", "InternalDNS", "ExternalDNS");
  private static final Set<String> IP_TYPES = Set.of("InternalIP", "ExternalIP");

  private ServingApprovalRule() {}

  /** The approval message, or empty when a person must decide; nodes: a Node by name. */
  public static Optional<String> approval(CertificateSigningRequest csr, RequestedCertificate req,
      Function<String, Optional<Node>> nodes) {
    var spec = csr.getSpec();
    String node = SigningRequests.nodeName(spec.getUsername());
    if (!spec.getSignerName().equals(SigningRequests.KUBELET_SERVING) || node.isEmpty()
        || !spec.getGroupsList().contains(SigningRequests.NODES_GROUP) || !spec.getUsername().equals(req.commonName())
        || SignerRules.kubeletServingError(req, new HashSet<>(spec.getUsagesList())) != null) {
      return Optional.empty();
    }
    Node found = nodes.apply(node).orElseThrow(() -> new IllegalStateException("csr \"" + csr.getMetadata().getName()
        + "\" asks for node \"" + node + "\", which is not registered yet"));
    Set<String> names = new HashSet<>();
    Set<String> ips = new HashSet<>();
    for (NodeAddress a : found.getStatus().getAddressesList()) {
      if (NAME_TYPES.contains(a.getType())) {
        names.add(a.getAddress());
      } else if (IP_TYPES.contains(a.getType())) {
        ips.add(a.getAddress());
      }
    }
    return names.containsAll(req.dnsNames()) && ips.containsAll(req.ipAddresses()) ? Optional.of(MESSAGE)
        : Optional.empty();
  }
}
