package io.kava.controllermanager.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.SigningRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the kubernetes.io signers refuse (upstream's signer and certificates helpers), and the validity they give. */
class SignerRulesTest {
  private static final Set<String> KUBELET_USAGES = Set.of("digital signature", "client auth");
  private static final RequestedCertificate NODE = RequestedCertificate.subject("system:node:a", List.of("system:nodes"), false);

  @Test
  void aKubeletClientRequestMustNameANodeInSystemNodes() {
    String signer = SigningRequests.KUBE_APISERVER_CLIENT_KUBELET;
    assertThat(SignerRules.refusal(signer, NODE, KUBELET_USAGES)).isEmpty();
    assertThat(SignerRules.refusal(signer, NODE, Set.of("digital signature", "key encipherment", "client auth"))).isEmpty();
    assertThat(SignerRules.refusal(signer, RequestedCertificate.subject("jane", List.of("system:nodes"), false),
        KUBELET_USAGES)).contains("subject common name does not begin with 'system:node:'");
    assertThat(SignerRules.refusal(signer, RequestedCertificate.subject("system:node:a", List.of("system:masters"), false),
        KUBELET_USAGES)).contains("subject organization is not system:nodes");
    assertThat(SignerRules.refusal(signer, RequestedCertificate.subject("system:node:a",
        List.of("system:nodes", "system:masters"), false), KUBELET_USAGES)).contains("subject organization is not system:nodes");
    assertThat(SignerRules.refusal(signer, new RequestedCertificate("system:node:a", List.of("system:nodes"),
        List.of("a.example.com"), List.of(), List.of(), List.of(), false), KUBELET_USAGES))
        .contains("DNS subjectAltNames are not allowed");
    assertThat(SignerRules.refusal(signer, NODE, Set.of("client auth", "server auth")))
        .contains("usages did not match [client auth digital signature key encipherment]");
  }

  @Test
  void aClientRequestNeedsClientAuthAndNothingBeyondSigning() {
    String signer = SigningRequests.KUBE_APISERVER_CLIENT;
    RequestedCertificate jane = RequestedCertificate.subject("jane", List.of("dev"), false);
    assertThat(SignerRules.refusal(signer, jane, Set.of("client auth"))).isEmpty();
    assertThat(SignerRules.refusal(signer, jane, Set.of("client auth", "server auth")))
        .contains("invalid usage for client certificate: server auth");
    assertThat(SignerRules.refusal(signer, jane, Set.of("digital signature")))
        .contains("missing required usage for client certificate: client auth");
  }

  @Test
  void aServingRequestNeedsANameToServe() {
    String signer = SigningRequests.KUBELET_SERVING;
    Set<String> usages = Set.of("digital signature", "server auth");
    assertThat(SignerRules.refusal(signer, NODE, usages)).contains("DNS or IP subjectAltName is required");
    assertThat(SignerRules.refusal(signer, new RequestedCertificate("system:node:a", List.of("system:nodes"), List.of(),
        List.of("127.0.0.11"), List.of(), List.of(), false), usages)).isEmpty();
  }

  @Test
  void onlyTheKubernetesSignersAreOurs() {
    assertThat(SignerRules.isKnown(SigningRequests.KUBE_APISERVER_CLIENT)).isTrue();
    assertThat(SignerRules.isKnown("example.com/my-signer")).isFalse();
    assertThat(SignerRules.isKnown(SigningRequests.LEGACY_UNKNOWN)).isFalse();
  }

  @Test
  void theValidityIsTheRequestedOneWithinTheFlagsBoundsAndTheCas() {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    Instant caEnd = now.plus(Duration.ofDays(3650));
    Duration year = SigningConfig.DEFAULT_DURATION;
    assertThat(CertificateDuration.of(null, year, now, caEnd)).isEqualTo(year);
    assertThat(CertificateDuration.of(3600, year, now, caEnd)).isEqualTo(Duration.ofHours(1));
    assertThat(CertificateDuration.of(60, year, now, caEnd)).isEqualTo(Duration.ofMinutes(10));
    assertThat(CertificateDuration.of(86400, Duration.ofHours(10), now, caEnd)).isEqualTo(Duration.ofHours(10));
    assertThat(CertificateDuration.of(null, year, now, now.plus(Duration.ofDays(30)))).isEqualTo(Duration.ofDays(30));
  }
}
