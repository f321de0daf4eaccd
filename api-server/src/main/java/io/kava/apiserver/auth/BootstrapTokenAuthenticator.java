package io.kava.apiserver.auth;

import io.kava.api.core.v1.Secret;
import io.kava.client.Times;
import io.kava.client.bootstrap.BootstrapTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Upstream's bootstrap token authenticator (--enable-bootstrap-token-auth): a bearer token
 * {@code <id>.<secret>} is checked against the Secret {@code kube-system/bootstrap-token-<id>} (type,
 * id, secret compared in constant time, expiry, usage-bootstrap-authentication, auth-extra-groups) and
 * names user {@code system:bootstrap:<id>} in system:bootstrappers and its extra groups. Other tokens
 * are not its kind. Upstream answers every refusal with a bare 401; Kava tells the caller why (a joining
 * agent then says "expired" rather than "Unauthorized"), which reveals no more than the token's id,
 * which is not secret. It must come last among the token authenticators, as its refusals are final.
 */
public final class BootstrapTokenAuthenticator implements Authenticator {
  private final Function<String, Optional<Secret>> secrets;
  private final Clock clock;

  /** {@code secrets}: a kube-system Secret by name, from the watch cache (etcd on a miss). */
  public BootstrapTokenAuthenticator(Function<String, Optional<Secret>> secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public Optional<UserInfo> authenticate(Credentials credentials) {
    Optional<BootstrapTokens.Token> parsed = credentials.bearerToken().flatMap(BootstrapTokens::parse);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    BootstrapTokens.Token token = parsed.get();
    Secret secret = secrets.apply(token.secretName())
        .orElseThrow(() -> refused(token, "was not found (deleted, or never created)"));
    if (!secret.getMetadata().getDeletionTimestamp().isEmpty()) {
      throw refused(token, "is deleted and awaiting removal");
    }
    if (!secret.getType().equals(BootstrapTokens.SECRET_TYPE)) {
      throw refused(token, "has invalid type, expected " + BootstrapTokens.SECRET_TYPE);
    }
    if (!constantTimeEquals(BootstrapTokens.data(secret, BootstrapTokens.TOKEN_SECRET), token.secret())) {
      throw refused(token, "has invalid value for key " + BootstrapTokens.TOKEN_SECRET);
    }
    if (!BootstrapTokens.data(secret, BootstrapTokens.TOKEN_ID).equals(token.id())) {
      throw refused(token, "has invalid value for key " + BootstrapTokens.TOKEN_ID);
    }
    Instant now = clock.instant();
    if (BootstrapTokens.hasExpired(secret, now)) {
      Instant at = BootstrapTokens.expiration(secret).orElseThrow();
      throw refused(token, at.equals(Instant.MIN) ? "has an invalid expiration time (token expired)"
          : "has expired: token expired at " + Times.format(at));
    }
    if (!BootstrapTokens.data(secret, BootstrapTokens.USAGE_AUTHENTICATION).equals("true")) {
      throw refused(token, "not marked " + BootstrapTokens.USAGE_AUTHENTICATION + "=true");
    }
    List<String> groups;
    try {
      groups = BootstrapTokens.groups(secret);
    } catch (IllegalArgumentException e) {
      throw refused(token, "has invalid value for key " + BootstrapTokens.EXTRA_GROUPS + ": " + e.getMessage());
    }
    return Optional.of(new UserInfo(BootstrapTokens.USER_PREFIX + token.id(), "", groups, Map.of()));
  }

  private static AuthenticationException refused(BootstrapTokens.Token token, String why) {
    return new AuthenticationException("Unauthorized: bootstrap token \"" + token.id() + "\" " + why);
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
