package io.kava.controllermanager.certificates;

import io.kava.api.authorization.v1.ResourceAttributes;
import io.kava.api.authorization.v1.SubjectAccessReview;
import io.kava.api.authorization.v1.SubjectAccessReviewSpec;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which requests the csrapproving controller approves, as upstream's sarApprover with its two
 * recognizers, in its order:
 * <ul>
 *   <li>selfnodeclient: a kubelet client request (signer kube-apiserver-client-kubelet, passing the
 *       signer's own rules) whose subject CN is the requesting user (a node renewing its certificate);
 *   <li>nodeclient: any kubelet client request (a bootstrap token's user asking for its node's first one).
 * </ul>
 * A recognized request is approved when a SubjectAccessReview says its requestor (user, uid and groups
 * as the API server recorded them; Kava's review has no extra) may {@code create} {@code certificatesigningrequests/<recognizer>}:
 * the default bindings give selfnodeclient to system:nodes and nodeclient to system:bootstrappers.
 * Anything else is left for a person (`kavactl certificate approve`); this controller never denies.
 */
public final class ApprovalRules {
  public static final String SELF_NODE_CLIENT_MESSAGE = "Auto approving self kubelet client certificate after SubjectAccessReview.";
  public static final String NODE_CLIENT_MESSAGE = "Auto approving kubelet client certificate after SubjectAccessReview.";

  /** One of upstream's recognizers: the subresource its review asks about and its approval message. */
  public record Recognizer(String subresource, String message) {}

  static final Recognizer SELF_NODE_CLIENT = new Recognizer("selfnodeclient", SELF_NODE_CLIENT_MESSAGE);
  static final Recognizer NODE_CLIENT = new Recognizer("nodeclient", NODE_CLIENT_MESSAGE);

  private ApprovalRules() {}

  /** The recognizers this request matches, in upstream's order. */
  public static List<Recognizer> recognized(CertificateSigningRequest csr, RequestedCertificate req) {
    var spec = csr.getSpec();
    List<Recognizer> matches = new ArrayList<>();
    if (!spec.getSignerName().equals(SigningRequests.KUBE_APISERVER_CLIENT_KUBELET)
        || SignerRules.kubeletClientError(req, new HashSet<>(spec.getUsagesList())) != null) {
      return matches;
    }
    if (spec.getUsername().equals(req.commonName())) {
      matches.add(SELF_NODE_CLIENT);
    }
    matches.add(NODE_CLIENT);
    return matches;
  }

  /** The review upstream's sarApprover sends for a recognizer: may the requestor create the subresource? */
  public static SubjectAccessReview review(CertificateSigningRequest csr, Recognizer recognizer) {
    var spec = csr.getSpec();
    SubjectAccessReviewSpec.Builder review = SubjectAccessReviewSpec.newBuilder().setUser(spec.getUsername())
        .setUid(spec.getUid()).addAllGroups(spec.getGroupsList())
        .setResourceAttributes(ResourceAttributes.newBuilder().setGroup("certificates.k8s.io")
            .setResource("certificatesigningrequests").setSubresource(recognizer.subresource()).setVerb("create")
            .setVersion("*"));
    return SubjectAccessReview.newBuilder().setApiVersion("authorization.k8s.io/v1").setKind("SubjectAccessReview")
        .setSpec(review).build();
  }

  /**
   * The approval message, or empty when no recognizer matches; a request recognized but whose reviews
   * all refuse is an {@link IllegalStateException} (upstream's ignorable error: retried with back-off, as
   * a binding may come later).
   */
  public static Optional<String> approval(CertificateSigningRequest csr, RequestedCertificate req,
      Function<SubjectAccessReview, SubjectAccessReview> reviews) {
    List<Recognizer> matches = recognized(csr, req);
    for (Recognizer r : matches) {
      if (reviews.apply(review(csr, r)).getStatus().getAllowed()) {
        return Optional.of(r.message());
      }
    }
    if (!matches.isEmpty()) {
      throw new IllegalStateException("recognized csr \"" + csr.getMetadata().getName() + "\" as "
          + matches.stream().map(Recognizer::subresource).toList() + " but subject access review was not approved");
    }
    return Optional.empty();
  }
}
