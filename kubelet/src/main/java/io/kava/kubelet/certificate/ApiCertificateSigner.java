package io.kava.kubelet.certificate;

import com.google.protobuf.ByteString;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ResourceClient;
import io.kava.client.certificates.SigningRequests;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates a CertificateSigningRequest for a kubelet signer (the client one unless a template says
 * otherwise; generateName csr-, as upstream's kubelet) and reads it back every poll interval until it is
 * issued, denied or failed.
 */
public final class ApiCertificateSigner implements CertificateSigner {
  private final ResourceClient<CertificateSigningRequest> csrs;
  private final Duration pollInterval;
  private final CertificateTemplate template;

  /** For the kubelet's client certificate. */
  public ApiCertificateSigner(ResourceClient<CertificateSigningRequest> csrs, Duration pollInterval) {
    this(csrs, pollInterval, CertificateTemplate.client(""));
  }

  private ApiCertificateSigner(ResourceClient<CertificateSigningRequest> csrs, Duration pollInterval,
      CertificateTemplate template) {
    this.csrs = csrs;
    this.pollInterval = pollInterval;
    this.template = template;
  }

  /** For the template's signer and usages (the serving certificate's: kubelet-serving, server auth). */
  public static ApiCertificateSigner forTemplate(ResourceClient<CertificateSigningRequest> csrs,
      CertificateTemplate template, Duration pollInterval) {
    return new ApiCertificateSigner(csrs, pollInterval, template);
  }

  @Override
  public byte[] sign(byte[] requestPem, Duration timeout) throws InterruptedException {
    return sign(null, requestPem, timeout);
  }

  /**
   * The same with a fixed name (the bootstrap's node-csr-..., derived from the key): when a request of
   * that name exists already (a kubelet restarted while waiting), it is waited for rather than made again.
   */
  public byte[] sign(String fixedName, byte[] requestPem, Duration timeout) throws InterruptedException {
    List<String> usages = template.usages(io.kava.client.certificates.CertificateRequests.parse(requestPem).rsaKey());
    ObjectMeta.Builder meta = fixedName == null ? ObjectMeta.newBuilder().setGenerateName("csr-")
        : ObjectMeta.newBuilder().setName(fixedName);
    String name;
    try {
      name = csrs.create(CertificateSigningRequest.newBuilder().setMetadata(meta)
          .setSpec(CertificateSigningRequestSpec.newBuilder().setRequest(ByteString.copyFrom(requestPem))
              .setSignerName(template.signerName()).addAllUsages(usages))
          .build()).getMetadata().getName();
    } catch (io.kava.client.ApiException e) {
      if (fixedName == null || !e.isAlreadyExists()) {
        throw e;
      }
      name = fixedName;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      CertificateSigningRequest csr = csrs.get("", name);
      if (SigningRequests.isDenied(csr) || SigningRequests.hasCondition(csr, SigningRequests.FAILED)) {
        throw new IllegalStateException("CertificateSigningRequest " + name + " was "
            + (SigningRequests.isDenied(csr) ? "denied" : "refused by its signer"));
      }
      if (!csr.getStatus().getCertificate().isEmpty()) {
        return csr.getStatus().getCertificate().toByteArray();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("CertificateSigningRequest " + name + " was not issued within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(pollInterval.toMillis());
    }
  }
}
