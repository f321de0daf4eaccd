package io.kava.controllermanager.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's csrapproving controller: adds Approved (reason AutoApproved) to the kubelet client requests
 * {@link ApprovalRules} accepts after a SubjectAccessReview, and (Kava only) to the kubelet serving
 * requests of a node for its own addresses ({@link ServingApprovalRule}), through the approval
 * subresource. Requests already approved, denied or issued are left alone.
 */
public final class ApprovingController extends RequestController {
  private static final Logger log = LoggerFactory.getLogger(ApprovingController.class);
  public static final String NAME = "csrapproving";

  private final ResourceClient<CertificateSigningRequest> csrs;
  private final java.util.function.Function<io.kava.api.authorization.v1.SubjectAccessReview,
      io.kava.api.authorization.v1.SubjectAccessReview> reviews;
  private final Clock clock;
  private io.kava.client.informer.Lister<io.kava.api.core.v1.Node> nodes;

  public ApprovingController(KavaClient client, Clock clock) {
    this.csrs = client.resource(CertificateSigningRequest.class);
    this.reviews = new io.kava.client.AccessReviewClient(client)::create;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(io.kava.client.informer.InformerFactory informers) {
    nodes = informers.informer(io.kava.api.core.v1.Node.class).lister();
    super.register(informers);
  }

  @Override
  void sync(CertificateSigningRequest csr) {
    if (!csr.getStatus().getCertificate().isEmpty() || SigningRequests.hasCondition(csr, SigningRequests.APPROVED)
        || SigningRequests.hasCondition(csr, SigningRequests.DENIED)) {
      return;
    }
    var request = CertificateRequests.parse(csr.getSpec().getRequest().toByteArray());
    Optional<String> message = csr.getSpec().getSignerName().equals(SigningRequests.KUBELET_SERVING)
        ? ServingApprovalRule.approval(csr, request, nodes::get)
        : ApprovalRules.approval(csr, request, reviews);
    if (message.isEmpty()) {
      return;
    }
    csrs.updateApproval(csr.toBuilder().setStatus(csr.getStatus().toBuilder().addConditions(SigningRequests.condition(
        SigningRequests.APPROVED, "AutoApproved", message.get(), Times.format(clock.instant())))).build());
    log.info("Approved CertificateSigningRequest {} of {}", csr.getMetadata().getName(), csr.getSpec().getUsername());
  }
}
