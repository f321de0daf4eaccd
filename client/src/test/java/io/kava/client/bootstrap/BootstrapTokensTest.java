package io.kava.client.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kava.api.core.v1.Secret;
import io.kava.client.pki.CertificateAuthority;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapTokensTest {
  private static final BootstrapTokens.Token TOKEN = new BootstrapTokens.Token("abcdef", "0123456789abcdef");

  @Test
  void parsesOnlyTheUpstreamShape() {
    assertThat(BootstrapTokens.parse("abcdef.0123456789abcdef")).contains(TOKEN);
    assertThat(BootstrapTokens.parse("ABCDEF.0123456789abcdef")).isEmpty();
    assertThat(BootstrapTokens.parse("abcde.0123456789abcdef")).isEmpty();
    assertThat(BootstrapTokens.parse("abcdef.0123456789abcdef0")).isEmpty();
    assertThat(BootstrapTokens.parse("eyJhbGciOiJSUzI1NiJ9.x.y")).isEmpty();
  }

  @Test
  void generatedTokensHaveTheShapeAndDiffer() {
    SecureRandom random = new SecureRandom();
    BootstrapTokens.Token a = BootstrapTokens.generate(random);
    assertThat(BootstrapTokens.parse(a.toString())).contains(a);
    assertThat(BootstrapTokens.generate(random)).isNotEqualTo(a);
  }

  @Test
  void theSecretIsKubeadmsAndReadsBack() {
    Instant expires = Instant.parse("2026-12-03T04:00:00Z");
    Secret secret = BootstrapTokens.secret(TOKEN, Optional.of(expires), "for node b",
        List.of("system:bootstrappers:workers"));
    assertThat(secret.getMetadata().getName()).isEqualTo("bootstrap-token-abcdef");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("kube-system");
    assertThat(secret.getType()).isEqualTo("bootstrap.kubernetes.io/token");
    assertThat(secret.getDataMap().keySet()).containsExactlyInAnyOrder("token-id", "token-secret", "expiration",
        "usage-bootstrap-authentication", "usage-bootstrap-signing", "description", "auth-extra-groups");
    assertThat(BootstrapTokens.data(secret, "expiration")).isEqualTo("2026-12-03T04:00:00Z");
    assertThat(BootstrapTokens.usages(secret)).containsExactly("authentication", "signing");
    assertThat(BootstrapTokens.groups(secret)).containsExactly("system:bootstrappers", "system:bootstrappers:workers");
    assertThat(BootstrapTokens.hasExpired(secret, expires.minusSeconds(1))).isFalse();
    assertThat(BootstrapTokens.hasExpired(secret, expires)).isTrue();
  }

  @Test
  void noExpirationNeverExpiresAndABadOneAlwaysHas() {
    Secret forever = BootstrapTokens.secret(TOKEN, Optional.empty(), "", List.of());
    assertThat(BootstrapTokens.hasExpired(forever, Instant.parse("2999-01-01T00:00:00Z"))).isFalse();
    Secret bad = forever.toBuilder().putData("expiration", ByteString.copyFromUtf8("tomorrow")).build();
    assertThat(BootstrapTokens.hasExpired(bad, Instant.EPOCH)).isTrue();
  }

  @Test
  void extraGroupsMustBeUnderSystemBootstrappers() {
    Secret secret = BootstrapTokens.secret(TOKEN, Optional.empty(), "", List.of("system:masters"));
    assertThatThrownBy(() -> BootstrapTokens.groups(secret)).hasMessageContaining("\"system:masters\" is invalid");
    assertThat(BootstrapTokens.groupError("system:bootstrappers:kubeadm:default-node-token")).isNull();
    assertThat(BootstrapTokens.groupError("system:bootstrappers:")).isNotNull();
  }

  @Test
  void aJoinTokenPinsTheCaAndRoundTrips() {
    var ca = CertificateAuthority.create("kubernetes").certificate();
    JoinToken join = JoinToken.of(ca, TOKEN);
    assertThat(join.toString()).matches("K10[0-9a-f]{64}::abcdef\\.0123456789abcdef");
    assertThat(JoinToken.parse(join.toString())).isEqualTo(join);
    assertThat(JoinToken.parse(" " + join.toString().toUpperCase().replace("::ABCDEF.0123456789ABCDEF", "::abcdef.0123456789abcdef")))
        .isEqualTo(join);
  }

  @Test
  void aBadJoinTokenNamesTheExpectedShapeAndHidesTheSecret() {
    assertThatThrownBy(() -> JoinToken.parse("abcdef.0123456789abcdef"))
        .hasMessage("the token is not a join token: expected " + JoinToken.SHAPE);
    String hash = "0".repeat(64);
    assertThatThrownBy(() -> JoinToken.parse("K10" + hash + "::abcdef.SECRET"))
        .hasMessageContaining("\"abcdef.<hidden>\" is not <id>.<secret>").hasMessageNotContaining("SECRET");
  }
}
