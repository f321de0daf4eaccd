package io.kava.client.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Requests made, parsed and signed: what the API server checks and the signer issues. */
class CertificateRequestsTest {
  private static final TestCa CA = TestCa.create("test-ca");

  @Test
  void aRequestParsesToItsSubject() {
    KeyPair key = CertificateRequests.newKey();
    byte[] pem = CertificateRequests.request(key, "system:node:a", List.of("system:nodes"));

    RequestedCertificate req = CertificateRequests.parse(pem);

    assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(req.commonName()).isEqualTo("system:node:a");
    assertThat(req.organizations()).containsExactly("system:nodes");
    assertThat(req.dnsNames()).isEmpty();
    assertThat(req.rsaKey()).isFalse();
  }

  @Test
  void somethingElseIsNotARequest() {
    assertThatThrownBy(() -> CertificateRequests.parse("hello".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("PEM block type must be CERTIFICATE REQUEST");
    assertThatThrownBy(() -> CertificateRequests.parse(CA.certificatePem()))
        .hasMessage("PEM block type must be CERTIFICATE REQUEST");
  }

  @Test
  void theIssuedCertificateVerifiesAgainstTheCaWithTheRequestedSubjectAndUsages() throws Exception {
    byte[] request = CertificateRequests.request(CertificateRequests.newKey(), "jane", List.of("dev", "ops"));
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    byte[] pem = CertificateRequests.sign(request, Set.of("digital signature", "client auth"), CA.certificate(),
        CA.key().getPrivate(), from, from.plusSeconds(3600));

    X509Certificate cert = CertificateRequests.certificates(pem).get(0);
    cert.verify(CA.certificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=jane,O=ops,O=dev");
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(from.plusSeconds(3600));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getKeyUsage()[0]).isTrue(); // digital signature
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(CertificateRequests.certificateChainError(pem)).isNull();
  }

  @Test
  void aChainMustBeCertificatePemBlocks() {
    assertThat(CertificateRequests.certificateChainError(new byte[0])).isNull();
    assertThat(CertificateRequests.certificateChainError("junk".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("must contain at least one CERTIFICATE PEM block");
    assertThat(CertificateRequests.certificateChainError(CA.keyPem()))
        .isEqualTo("only CERTIFICATE PEM blocks are allowed, found \"PRIVATE KEY\"");
  }

  @Test
  void aPemKeyReadsBack() {
    assertThat(CertificateRequests.privateKey(CA.keyPem())).isEqualTo(CA.key().getPrivate());
  }
}
