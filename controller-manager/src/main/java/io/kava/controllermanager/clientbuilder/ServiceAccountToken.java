package io.kava.controllermanager.clientbuilder;

import io.kava.api.authentication.v1.TokenRequest;
import io.kava.client.Times;
import io.kava.client.auth.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound token of one controller's ServiceAccount, as upstream's clientbuilder keeps it: asked for
 * on first use, asked for again once 80 % of its lifetime has passed (a one-hour token after 48
 * minutes), and dropped when the API server refuses it (the ServiceAccount was deleted and made again).
 * A refresh that fails keeps the token while it is valid and tries again {@link #RETRY} later.
 */
public final class ServiceAccountToken implements TokenSource {
  private static final Logger log = LoggerFactory.getLogger(ServiceAccountToken.class);
  static final Duration RETRY = Duration.ofSeconds(10);

  /** Makes sure the ServiceAccount exists and asks the API server for a token of it. */
  @FunctionalInterface
  public interface Issuer {
    TokenRequest issue(String serviceAccount);
  }

  private final String serviceAccount;
  private final Issuer issuer;
  private final Clock clock;
  private String token;
  private Instant refreshAt;
  private Instant expiresAt;

  public ServiceAccountToken(String serviceAccount, Issuer issuer, Clock clock) {
    this.serviceAccount = serviceAccount;
    this.issuer = issuer;
    this.clock = clock;
  }

  public String serviceAccount() {
    return serviceAccount;
  }

  /** The token to send now; none when the issuer failed and there is no valid one, naming the ServiceAccount. */
  @Override
  public synchronized String token() throws TokenUnavailableException {
    Instant now = clock.instant();
    if (token != null && now.isBefore(refreshAt)) {
      return token;
    }
    TokenRequest fresh;
    try {
      fresh = issuer.issue(serviceAccount);
    } catch (RuntimeException e) {
      if (token != null && now.isBefore(expiresAt)) {
        log.warn("Failed to refresh the token of ServiceAccount kube-system/{}, kept the current one: {}",
            serviceAccount, e.getMessage());
        refreshAt = now.plus(RETRY);
        return token;
      }
      throw new TokenUnavailableException("could not get a token of ServiceAccount kube-system/" + serviceAccount
          + ": " + e.getMessage());
    }
    token = fresh.getStatus().getToken();
    expiresAt = Times.parse(fresh.getStatus().getExpirationTimestamp());
    Duration lifetime = Duration.between(now, expiresAt);
    refreshAt = now.plus(lifetime.multipliedBy(8).dividedBy(10));
    log.info("Obtained a token of ServiceAccount kube-system/{} valid until {}", serviceAccount, expiresAt);
    return token;
  }

  /** Forgets the token (the API server refused it), so the next call asks for a new one. */
  @Override
  public synchronized void refused() {
    token = null;
  }
}
