package io.kava.kubectl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.client.bootstrap.BootstrapTokens;
import io.kava.kubectl.CliException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kubeadm token list's row and the forms `token delete` takes. */
class TokenCommandTest {
  private static final BootstrapTokens.Token TOKEN = new BootstrapTokens.Token("abcdef", "0123456789abcdef");
  private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");

  @Test
  void aRowHasKubeadmsColumns() {
    var secret = BootstrapTokens.secret(TOKEN, Optional.of(NOW.plusSeconds(23 * 3600)), "for b",
        List.of("system:bootstrappers:workers"));
    assertThat(TokenCommand.ListTokens.row(secret, NOW)).containsExactly("abcdef.0123456789abcdef", "23h",
        "2026-12-03T03:00:00Z", "authentication,signing", "for b", "system:bootstrappers:workers");
    var forever = BootstrapTokens.secret(TOKEN, Optional.empty(), "", List.of());
    assertThat(TokenCommand.ListTokens.row(forever, NOW)).containsExactly("abcdef.0123456789abcdef", "<forever>",
        "<never>", "authentication,signing", "<none>", "<none>");
    assertThat(TokenCommand.ListTokens.row(secret, NOW.plusSeconds(24 * 3600)).get(1)).isEqualTo("<invalid>");
  }

  @Test
  void deleteTakesAnIdATokenOrAJoinToken() {
    assertThat(TokenCommand.Delete.tokenId("abcdef")).isEqualTo("abcdef");
    assertThat(TokenCommand.Delete.tokenId("abcdef.0123456789abcdef")).isEqualTo("abcdef");
    assertThat(TokenCommand.Delete.tokenId("K10" + "a".repeat(64) + "::abcdef.0123456789abcdef")).isEqualTo("abcdef");
    assertThatThrownBy(() -> TokenCommand.Delete.tokenId("nope")).isInstanceOf(CliException.class)
        .hasMessageStartingWith("error: given token didn't match pattern");
  }
}
