package io.kava.client.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.client.pki.KeyAlgorithm;
import io.kava.client.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests made, parsed and checked, as the API server checks them and the signer reads them. */
class CertificateRequestsTest {
  private static final TestCa CA = TestCa.create("test-ca");

  @Test
  void aRequestParsesToItsSubjectAndKey() {
    KeyPair key = KeyAlgorithm.ECDSA_P256.generate();
    byte[] pem = CertificateRequests.request(key, "system:node:a", List.of("system:nodes"));

    RequestedCertificate req = CertificateRequests.parse(pem);

    assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(req.commonName()).isEqualTo("system:node:a");
    assertThat(req.organizations()).containsExactly("system:nodes");
    assertThat(req.dnsNames()).isEmpty();
    assertThat(req.rsaKey()).isFalse();
    assertThat(CertificateRequests.publicKey(pem)).isEqualTo(key.getPublic());
    assertThat(CertificateRequests.parse(CertificateRequests.request(KeyAlgorithm.RSA_2048.generate(), "jane",
        List.of())).rsaKey()).isTrue();
  }

  @Test
  void aServingRequestCarriesItsDnsAndIpNames() {
    byte[] pem = CertificateRequests.request(KeyAlgorithm.ECDSA_P256.generate(), "system:node:a",
        List.of("system:nodes"), List.of("a"), List.of("127.0.0.11"));
    RequestedCertificate parsed = CertificateRequests.parse(pem);
    assertThat(parsed.commonName()).isEqualTo("system:node:a");
    assertThat(parsed.organizations()).containsExactly("system:nodes");
    assertThat(parsed.dnsNames()).containsExactly("a");
    assertThat(parsed.ipAddresses()).containsExactly("127.0.0.11");
    assertThat(parsed.emailAddresses()).isEmpty();
  }

  @Test
  void somethingElseIsNotARequest() {
    assertThatThrownBy(() -> CertificateRequests.parse("hello".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("PEM block type must be CERTIFICATE REQUEST");
    assertThatThrownBy(() -> CertificateRequests.parse(CA.certificatePem()))
        .hasMessage("PEM block type must be CERTIFICATE REQUEST");
  }

  @Test
  void aCertificateOfTheRequestVerifiesAgainstTheCa() throws Exception {
    byte[] request = CertificateRequests.request(KeyAlgorithm.ECDSA_P256.generate(), "jane", List.of("dev", "ops"));

    byte[] pem = CA.sign(request, Clock.systemUTC(), Duration.ofHours(1));

    X509Certificate cert = Pem.certificate(new String(pem, StandardCharsets.US_ASCII));
    cert.verify(CA.certificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=jane,O=ops,O=dev");
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
}
