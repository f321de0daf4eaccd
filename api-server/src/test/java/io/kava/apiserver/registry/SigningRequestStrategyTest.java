package io.kava.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.certificates.TestCa;
import io.kava.client.pki.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CertificateSigningRequest through the API (upstream's certificates strategy and validation): the
 * requestor is the caller whatever the client wrote, bad requests are field errors, Approved and Denied
 * go through the approval subresource only, the certificate through status only and once.
 */
class SigningRequestStrategyTest {
  private static final byte[] REQUEST = CertificateRequests.request(KeyAlgorithm.ECDSA_P256.generate(), "jane", List.of("dev"));
  private static InProcessApi api;
  private static ResourceClient<CertificateSigningRequest> csrs;

  @BeforeAll
  static void start() {
    api = new InProcessApi();
    csrs = api.client.resource(CertificateSigningRequest.class);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static CertificateSigningRequest csr(String name, UnaryOperator<CertificateSigningRequestSpec.Builder> spec) {
    return CertificateSigningRequest.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(spec.apply(CertificateSigningRequestSpec.newBuilder().setRequest(ByteString.copyFrom(REQUEST))
            .setSignerName(SigningRequests.KUBE_APISERVER_CLIENT).addUsages("client auth")))
        .build();
  }

  private static String refusal(Runnable write) {
    try {
      write.run();
    } catch (ApiException e) {
      return e.getMessage();
    }
    throw new AssertionError("the write was accepted");
  }

  @Test
  void theRequestorIsTheCallerNotWhatTheClientWrote() {
    CertificateSigningRequest created = csrs.create(csr("who", s -> s.setUsername("kubernetes-admin")
        .addGroups("system:masters")));

    assertThat(created.getSpec().getUsername()).isEqualTo("system:anonymous");
    assertThat(created.getSpec().getGroupsList()).containsExactly("system:unauthenticated");
    assertThat(created.getStatus().getConditionsCount()).isZero();
  }

  @Test
  void badRequestsAreFieldErrors() {
    assertThat(refusal(() -> csrs.create(csr("garbage", s -> s.setRequest(ByteString.copyFromUtf8("hello"))))))
        .contains("spec.request: Invalid value: \"<request data>\": PEM block type must be CERTIFICATE REQUEST");
    assertThat(refusal(() -> csrs.create(csr("legacy", s -> s.setSignerName(SigningRequests.LEGACY_UNKNOWN)))))
        .contains("spec.signerName: Invalid value: \"kubernetes.io/legacy-unknown\": the legacy signerName is not"
            + " allowed via this API version");
    assertThat(refusal(() -> csrs.create(csr("nosigner", s -> s.setSignerName("my-signer")))))
        .contains("spec.signerName: Invalid value: \"my-signer\": must be a fully qualified domain and path");
    assertThat(refusal(() -> csrs.create(csr("short", s -> s.setExpirationSeconds(599)))))
        .contains("spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds");
    assertThat(refusal(() -> csrs.create(csr("usages", s -> s.clearUsages()))))
        .contains("spec.usages: Required value");
    assertThat(refusal(() -> csrs.create(csr("usage", s -> s.addUsages("flying")))))
        .contains("spec.usages[1]: Unsupported value: \"flying\"");
    assertThat(refusal(() -> csrs.create(csr("twice", s -> s.addUsages("client auth")))))
        .contains("spec.usages[1]: Duplicate value: \"client auth\"");
  }

  @Test
  void aCustomSignerIsAccepted() {
    assertThat(csrs.create(csr("custom", s -> s.setSignerName("example.com/my-signer"))).getSpec().getSignerName())
        .isEqualTo("example.com/my-signer");
  }

  @Test
  void approvalGoesThroughItsSubresourceOnly() {
    CertificateSigningRequest created = csrs.create(csr("approve", s -> s));
    CertificateSigningRequest approved = withCondition(created, SigningRequests.APPROVED);

    CertificateSigningRequest viaStatus = csrs.updateStatus(approved);
    assertThat(SigningRequests.isApproved(viaStatus)).isFalse();

    CertificateSigningRequest viaApproval = csrs.updateApproval(approved);
    assertThat(SigningRequests.isApproved(viaApproval)).isTrue();
    assertThat(viaApproval.getStatus().getConditions(0).getLastTransitionTime()).isNotEmpty();

    assertThat(refusal(() -> csrs.updateApproval(withCondition(viaApproval, SigningRequests.DENIED))))
        .contains("Approved and Denied conditions are mutually exclusive");
    assertThat(refusal(() -> csrs.updateApproval(viaApproval.toBuilder().setStatus(
        viaApproval.getStatus().toBuilder().clearConditions()).build())))
        .contains("updates may not remove a condition of type \"Approved\"");
  }

  @Test
  void theCertificateIsSetByStatusOnceAndNeverByApproval() {
    TestCa ca = TestCa.create("ca");
    CertificateSigningRequest created = csrs.updateApproval(withCondition(csrs.create(csr("issue", s -> s)),
        SigningRequests.APPROVED));
    byte[] cert = ca.sign(REQUEST, Clock.systemUTC(), Duration.ofHours(1));

    CertificateSigningRequest viaApproval = csrs.updateApproval(withCertificate(created, cert));
    assertThat(viaApproval.getStatus().getCertificate()).isEmpty();

    CertificateSigningRequest issued = csrs.updateStatus(withCertificate(created, cert));
    assertThat(issued.getStatus().getCertificate().toByteArray()).isEqualTo(cert);
    assertThat(SigningRequests.isApproved(issued)).isTrue();

    byte[] other = ca.sign(REQUEST, Clock.systemUTC(), Duration.ofHours(2));
    assertThat(refusal(() -> csrs.updateStatus(withCertificate(issued, other))))
        .contains("status.certificate: Forbidden: updates may not modify existing certificate content");
    assertThat(refusal(() -> csrs.updateStatus(withCertificate(csrs.create(csr("junk", s -> s)),
        "junk".getBytes(StandardCharsets.US_ASCII)))))
        .contains("status.certificate: Invalid value: \"<certificate data>\": must contain at least one CERTIFICATE PEM block");
  }

  @Test
  void anUpdateKeepsSpecAndStatus() {
    CertificateSigningRequest created = csrs.create(csr("update", s -> s));
    CertificateSigningRequest changed = withCondition(created, SigningRequests.APPROVED).toBuilder()
        .setSpec(created.getSpec().toBuilder().setSignerName("example.com/other"))
        .setMetadata(created.getMetadata().toBuilder().putLabels("a", "b")).build();

    CertificateSigningRequest updated = csrs.update(changed);

    assertThat(updated.getMetadata().getLabelsMap()).containsEntry("a", "b");
    assertThat(updated.getSpec()).isEqualTo(created.getSpec());
    assertThat(updated.getStatus().getConditionsCount()).isZero();
  }

  private static CertificateSigningRequest withCondition(CertificateSigningRequest csr, String type) {
    return csr.toBuilder().setStatus(csr.getStatus().toBuilder().addConditions(
        SigningRequests.condition(type, "Test", "by the test", ""))).build();
  }

  private static CertificateSigningRequest withCertificate(CertificateSigningRequest csr, byte[] cert) {
    return csr.toBuilder().setStatus(csr.getStatus().toBuilder().setCertificate(ByteString.copyFrom(cert))).build();
  }
}
