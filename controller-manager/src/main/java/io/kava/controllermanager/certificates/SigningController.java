package io.kava.controllermanager.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.Times;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.informer.EnqueueKeys;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's csrsigning controller for the kubernetes.io signers: signs every Approved request that has
 * not Failed and has no certificate yet with the cluster CA, or marks it Failed (SignerValidationFailure)
 * when the signer's rules ({@link SignerRules}) forbid it. Requests of other signers are left alone.
 */
public final class SigningController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(SigningController.class);
  public static final String NAME = "csrsigning";

  private final ResourceClient<CertificateSigningRequest> csrs;
  private final SigningConfig config;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private X509Certificate ca;
  private PrivateKey caKey;
  private Lister<CertificateSigningRequest> lister;

  public SigningController(KavaClient client, SigningConfig config, Clock clock) {
    this.csrs = client.resource(CertificateSigningRequest.class);
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    try {
      ca = CertificateRequests.certificates(Files.readAllBytes(config.certFile())).get(0);
      caKey = CertificateRequests.privateKey(Files.readAllBytes(config.keyFile()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Could not read the cluster signing CA (" + config.certFile() + ", "
          + config.keyFile() + "): " + e.getMessage(), e);
    }
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
    if (cached.isEmpty() || !needsSigning(cached.get())) {
      return;
    }
    CertificateSigningRequest csr = cached.get();
    RequestedCertificate req = CertificateRequests.parse(csr.getSpec().getRequest().toByteArray());
    Set<String> usages = new HashSet<>(csr.getSpec().getUsagesList());
    Optional<String> refusal = SignerRules.refusal(csr.getSpec().getSignerName(), req, usages);
    String now = Times.format(clock.instant());
    if (refusal.isPresent()) {
      csrs.updateStatus(csr.toBuilder().setStatus(csr.getStatus().toBuilder().addConditions(SigningRequests.condition(
          SigningRequests.FAILED, "SignerValidationFailure", refusal.get(), now))).build());
      log.info("Refused to sign CertificateSigningRequest {}: {}", key, refusal.get());
      return;
    }
    ValidityWindow window = ValidityWindow.of(clock.instant(),
        csr.getSpec().hasExpirationSeconds() ? csr.getSpec().getExpirationSeconds() : null, config.duration());
    byte[] certificate = CertificateRequests.sign(csr.getSpec().getRequest().toByteArray(), usages, ca, caKey,
        window.notBefore(), window.notAfter());
    csrs.updateStatus(csr.toBuilder().setStatus(csr.getStatus().toBuilder()
        .setCertificate(ByteString.copyFrom(certificate))).build());
    log.info("Signed CertificateSigningRequest {} for {} until {}", key, req.commonName(), window.notAfter());
  }

  /** Approved, not Failed, not yet issued, and for a signer of ours (upstream's handle preconditions). */
  static boolean needsSigning(CertificateSigningRequest csr) {
    return SigningRequests.isApproved(csr) && !SigningRequests.hasCondition(csr, SigningRequests.FAILED)
        && csr.getStatus().getCertificate().isEmpty() && SignerRules.isKnown(csr.getSpec().getSignerName());
  }
}
