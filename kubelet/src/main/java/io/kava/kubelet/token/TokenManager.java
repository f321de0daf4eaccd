package io.kava.kubelet.token;

import io.kava.api.authentication.v1.TokenRequest;
import io.kava.client.ApiException;
import io.kava.client.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's kubelet token manager: the ServiceAccount tokens of projected volumes, cached by what was
 * asked (namespace, ServiceAccount, audiences, expiry, bound pod) and asked again once the token is older
 * than 80 % of its lifetime or than 24 hours (less a jitter of up to 10 s, so the pods of one node do not
 * all ask at once). A refresh that fails keeps the cached token while it is still valid. Volumes are
 * written at every pod sync, so a refreshed token reaches the pod at its next sync.
 */
public final class TokenManager {
  private static final Logger log = LoggerFactory.getLogger(TokenManager.class);
  static final Duration MAX_TTL = Duration.ofHours(24);
  static final Duration MAX_JITTER = Duration.ofSeconds(10);

  private final TokenSource source;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Map<Key, TokenRequest> cache = new ConcurrentHashMap<>();

  private record Key(String namespace, String serviceAccount, java.util.List<String> audiences, long expirationSeconds,
      String boundKind, String boundName, String boundUid) {
    static Key of(String namespace, String serviceAccount, TokenRequest request) {
      var spec = request.getSpec();
      var ref = spec.getBoundObjectRef();
      return new Key(namespace, serviceAccount, java.util.List.copyOf(spec.getAudiencesList()),
          spec.hasExpirationSeconds() ? spec.getExpirationSeconds() : 0, ref.getKind(), ref.getName(), ref.getUid());
    }
  }

  public TokenManager(TokenSource source, Clock clock) {
    this(source, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** random: in [0, 1), scales the jitter (tests give a fixed one). */
  TokenManager(TokenSource source, Clock clock, DoubleSupplier random) {
    this.source = source;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The token for the request: the cached one unless it needs a refresh. Throws ApiException when none
   * can be had (no cached token, or the cached one expired and the refresh failed).
   */
  public TokenRequest get(String namespace, String serviceAccount, TokenRequest request) {
    Key key = Key.of(namespace, serviceAccount, request);
    TokenRequest cached = cache.get(key);
    if (cached != null && !requiresRefresh(cached)) {
      return cached;
    }
    TokenRequest fresh;
    try {
      fresh = source.create(namespace, serviceAccount, request);
    } catch (ApiException e) {
      if (cached == null || expired(cached)) {
        throw e;
      }
      log.warn("Failed to refresh the token of ServiceAccount {}/{}, kept the cached one: {}", namespace,
          serviceAccount, e.getMessage());
      return cached;
    }
    cache.put(key, fresh);
    return fresh;
  }

  /** Forgets the tokens bound to a pod (it is gone from this node), as upstream's DeleteServiceAccountToken. */
  public void forgetPod(String podUid) {
    cache.keySet().removeIf(k -> k.boundUid().equals(podUid));
  }

  /** Drops expired tokens (upstream runs this every minute). */
  public void cleanUp() {
    cache.values().removeIf(this::expired);
  }

  int size() {
    return cache.size();
  }

  boolean expired(TokenRequest token) {
    return clock.instant().isAfter(expiration(token));
  }

  /** Older than 24 hours, or than 80 % of its lifetime, each less the jitter (upstream's requiresRefresh). */
  boolean requiresRefresh(TokenRequest token) {
    if (!token.getSpec().hasExpirationSeconds()) {
      return false;
    }
    Instant now = clock.instant();
    Instant expiration = expiration(token);
    long lifetime = token.getSpec().getExpirationSeconds();
    Instant issued = expiration.minusSeconds(lifetime);
    Duration jitter = Duration.ofSeconds((long) (random.getAsDouble() * MAX_JITTER.toSeconds()));
    if (now.isAfter(issued.plus(MAX_TTL).minus(jitter))) {
      return true;
    }
    return now.isAfter(expiration.minusSeconds(lifetime * 20 / 100).minus(jitter));
  }

  private static Instant expiration(TokenRequest token) {
    return Times.parse(token.getStatus().getExpirationTimestamp());
  }
}
