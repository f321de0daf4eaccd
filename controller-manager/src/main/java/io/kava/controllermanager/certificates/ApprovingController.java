package io.kava.controllermanager.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.informer.EnqueueKeys;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's csrapproving controller: adds Approved (reason AutoApproved) to the kubelet client requests
 * {@link ApprovalRules} accepts, through the approval subresource. Requests already approved, denied or
 * issued are left alone.
 */
public final class ApprovingController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(ApprovingController.class);
  public static final String NAME = "csrapproving";

  private final ResourceClient<CertificateSigningRequest> csrs;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<CertificateSigningRequest> lister;

  public ApprovingController(KavaClient client, Clock clock) {
    this.csrs = client.resource(CertificateSigningRequest.class);
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var informer = informers.informer(CertificateSigningRequest.class);
    lister = informer.lister();
    informer.addEventHandler(new EnqueueKeys<>(queue::add));
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }

  public void sync(String key) {
    Optional<CertificateSigningRequest> cached = lister.get(key);
    if (cached.isEmpty()) {
      return;
    }
    CertificateSigningRequest csr = cached.get();
    if (!csr.getStatus().getCertificate().isEmpty() || SigningRequests.hasCondition(csr, SigningRequests.APPROVED)
        || SigningRequests.hasCondition(csr, SigningRequests.DENIED)) {
      return;
    }
    Optional<String> message = ApprovalRules.approval(csr, CertificateRequests.parse(csr.getSpec().getRequest().toByteArray()));
    if (message.isEmpty()) {
      return;
    }
    csrs.updateApproval(csr.toBuilder().setStatus(csr.getStatus().toBuilder().addConditions(SigningRequests.condition(
        SigningRequests.APPROVED, "AutoApproved", message.get(), Times.format(clock.instant())))).build());
    log.info("Approved CertificateSigningRequest {} of {}", key, csr.getSpec().getUsername());
  }
}
