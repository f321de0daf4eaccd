package io.kava.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kava.api.core.v1.Secret;
import io.kava.client.bootstrap.BootstrapTokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapTokenAuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
  private static final BootstrapTokens.Token TOKEN = new BootstrapTokens.Token("abcdef", "0123456789abcdef");
  private final Map<String, Secret> secrets = new HashMap<>();
  private final BootstrapTokenAuthenticator authenticator = new BootstrapTokenAuthenticator(
      name -> Optional.ofNullable(secrets.get(name)), Clock.fixed(NOW, ZoneOffset.UTC));

  private void store(Secret secret) {
    secrets.put(secret.getMetadata().getName(), secret);
  }

  private static Secret valid() {
    return BootstrapTokens.secret(TOKEN, Optional.of(NOW.plusSeconds(3600)), "", List.of("system:bootstrappers:workers"));
  }

  private Optional<UserInfo> authenticate(String token) {
    return authenticator.authenticate(new Credentials(Optional.of(token), List.of()));
  }

  @Test
  void aValidTokenIsItsBootstrapUserInItsGroups() {
    store(valid());
    UserInfo user = authenticate("abcdef.0123456789abcdef").orElseThrow();
    assertThat(user.name()).isEqualTo("system:bootstrap:abcdef");
    assertThat(user.groups()).containsExactly("system:bootstrappers", "system:bootstrappers:workers");
  }

  @Test
  void otherTokensAndNoTokenAreNotItsKind() {
    store(valid());
    assertThat(authenticate("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isEmpty();
    assertThat(authenticate("static-token")).isEmpty();
    assertThat(authenticator.authenticate(Credentials.none())).isEmpty();
  }

  @Test
  void aDeletedOrUnknownTokenIsRefusedClearly() {
    assertThatThrownBy(() -> authenticate("abcdef.0123456789abcdef")).isInstanceOf(AuthenticationException.class)
        .hasMessage("Unauthorized: bootstrap token \"abcdef\" was not found (deleted, or never created)");
    store(valid().toBuilder().setMetadata(valid().getMetadata().toBuilder().setDeletionTimestamp("2026-12-02T03:00:00Z")).build());
    assertThatThrownBy(() -> authenticate("abcdef.0123456789abcdef")).hasMessageContaining("is deleted and awaiting removal");
  }

  @Test
  void anExpiredTokenIsRefusedWithWhen() {
    store(BootstrapTokens.secret(TOKEN, Optional.of(NOW.minusSeconds(1)), "", List.of()));
    assertThatThrownBy(() -> authenticate("abcdef.0123456789abcdef")).isInstanceOf(AuthenticationException.class)
        .hasMessage("Unauthorized: bootstrap token \"abcdef\" has expired: token expired at 2026-12-02T03:59:59Z");
  }

  @Test
  void aWrongSecretIsRefusedWithoutShowingEither() {
    store(valid());
    assertThatThrownBy(() -> authenticate("abcdef.ffffffffffffffff"))
        .hasMessage("Unauthorized: bootstrap token \"abcdef\" has invalid value for key token-secret")
        .hasMessageNotContaining("0123456789abcdef");
  }

  @Test
  void upstreamsOtherChecks() {
    store(valid().toBuilder().setType("Opaque").build());
    assertThatThrownBy(() -> authenticate("abcdef.0123456789abcdef")).hasMessageContaining("has invalid type");
    store(valid().toBuilder().putData("token-id", ByteString.copyFromUtf8("zzzzzz")).build());
    assertThatThrownBy(() -> authenticate("abcdef.0123456789abcdef")).hasMessageContaining("invalid value for key token-id");
    store(valid().toBuilder().putData("usage-bootstrap-authentication", ByteString.copyFromUtf8("false")).build());
    assertThatThrownBy(() -> authenticate("abcdef.0123456789abcdef"))
        .hasMessageContaining("not marked usage-bootstrap-authentication=true");
    store(valid().toBuilder().putData("auth-extra-groups", ByteString.copyFromUtf8("system:masters")).build());
    assertThatThrownBy(() -> authenticate("abcdef.0123456789abcdef"))
        .hasMessageContaining("invalid value for key auth-extra-groups");
  }
}
