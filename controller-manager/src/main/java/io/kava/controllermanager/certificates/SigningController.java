package io.kava.controllermanager.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.Times;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.Pem;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.informer.InformerFactory;
import com.google.protobuf.ByteString;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
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
public final class SigningController extends RequestController {
  private static final Logger log = LoggerFactory.getLogger(SigningController.class);
  public static final String NAME = "csrsigning";

  private final ResourceClient<CertificateSigningRequest> csrs;
  private final SigningConfig config;
  private final Clock clock;
  private CertificateAuthority ca;

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
      ca = CertificateAuthority.read(config.certFile(), config.keyFile()).withClock(clock);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not read the cluster signing CA (" + config.certFile() + ", "
          + config.keyFile() + "): " + e.getMessage(), e);
    }
    super.register(informers);
  }

  @Override
  void sync(CertificateSigningRequest csr) {
    if (!needsSigning(csr)) {
      return;
    }
    String key = csr.getMetadata().getName();
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
    Duration ttl = CertificateDuration.of(csr.getSpec().hasExpirationSeconds() ? csr.getSpec().getExpirationSeconds() : null,
        config.duration(), clock.instant(), ca.certificate().getNotAfter().toInstant());
    X509Certificate certificate = ca.sign(CertificateRequests.publicKey(csr.getSpec().getRequest().toByteArray()),
        profile(req, usages, ttl));
    csrs.updateStatus(csr.toBuilder().setStatus(csr.getStatus().toBuilder()
        .setCertificate(ByteString.copyFromUtf8(Pem.encode(certificate)))).build());
    log.info("Signed CertificateSigningRequest {} for {} until {}", key, req.commonName(), certificate.getNotAfter().toInstant());
  }

  /**
   * The request's subject and names with its extended usages. The signer rules allow the kubernetes.io
   * signers no usage beyond client auth, server auth, digital signature and key encipherment, and the CA
   * sets the last two from the key type itself.
   */
  static CertificateProfile profile(RequestedCertificate req, Set<String> usages, Duration ttl) {
    Set<CertificateProfile.Usage> extended = new HashSet<>();
    if (usages.contains(SigningRequests.USAGE_CLIENT_AUTH)) {
      extended.add(CertificateProfile.Usage.CLIENT_AUTH);
    }
    if (usages.contains(SigningRequests.USAGE_SERVER_AUTH)) {
      extended.add(CertificateProfile.Usage.SERVER_AUTH);
    }
    return new CertificateProfile(req.commonName(), req.organizations(), req.dnsNames(), req.ipAddresses(), extended, ttl);
  }

  /** Approved, not Failed, not yet issued, and for a signer of ours (upstream's handle preconditions). */
  static boolean needsSigning(CertificateSigningRequest csr) {
    return SigningRequests.isApproved(csr) && !SigningRequests.hasCondition(csr, SigningRequests.FAILED)
        && csr.getStatus().getCertificate().isEmpty() && SignerRules.isKnown(csr.getSpec().getSignerName());
  }
}
