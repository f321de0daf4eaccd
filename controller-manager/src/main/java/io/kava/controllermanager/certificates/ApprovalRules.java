package io.kava.controllermanager.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.util.HashSet;
import java.util.Optional;

/**
 * Which requests the csrapproving controller approves, as upstream's sarApprover with its two
 * recognizers, the SubjectAccessReview replaced by a fixed rule (Kava has no SubjectAccessReview yet):
 * <ul>
 *   <li>selfnodeclient: a kubelet client request (signer kube-apiserver-client-kubelet, passing the
 *       signer's own rules) whose subject CN is the requesting user, a user in group system:nodes
 *       (upstream: the default binding of system:nodes to the selfnodeclient role);
 *   <li>nodeclient: a kubelet client request from a user in group system:bootstrappers (upstream:
 *       kubeadm's binding of its bootstrap token group to the nodeclient role).
 * </ul>
 * Anything else is left for a person (`kavactl certificate approve`); this controller never denies.
 */
public final class ApprovalRules {
  public static final String SELF_NODE_CLIENT_MESSAGE = "Auto approving self kubelet client certificate after SubjectAccessReview.";
  public static final String NODE_CLIENT_MESSAGE = "Auto approving kubelet client certificate after SubjectAccessReview.";

  private ApprovalRules() {}

  /** The approval message for this request, or empty when it is not approved automatically. */
  public static Optional<String> approval(CertificateSigningRequest csr, RequestedCertificate req) {
    var spec = csr.getSpec();
    if (!spec.getSignerName().equals(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET)
        || SignerRules.kubeletClientError(req, new HashSet<>(spec.getUsagesList())) != null) {
      return Optional.empty();
    }
    if (spec.getUsername().equals(req.commonName()) && spec.getGroupsList().contains(SigningRequests.NODES_GROUP)) {
      return Optional.of(SELF_NODE_CLIENT_MESSAGE);
    }
    if (spec.getGroupsList().contains(SigningRequests.BOOTSTRAPPERS_GROUP)) {
      return Optional.of(NODE_CLIENT_MESSAGE);
    }
    return Optional.empty();
  }
}
