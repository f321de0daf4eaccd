package io.kava.controllermanager.certificates;

import java.time.Duration;
import java.time.Instant;

/**
 * When an issued certificate is valid, as upstream's signer.duration and PermissiveSigningPolicy: the
 * requested expirationSeconds capped by --cluster-signing-duration and at least 10 minutes; backdated 5
 * minutes for clock skew, and for certificates of 8 hours or more the end is brought in by as much.
 */
public record ValidityWindow(Instant notBefore, Instant notAfter) {
  static final Duration BACKDATE = Duration.ofMinutes(5);
  static final Duration SHORT = Duration.ofHours(8);
  static final Duration MIN = Duration.ofMinutes(10);

  public static ValidityWindow of(Instant now, Integer expirationSeconds, Duration maximum) {
    Duration ttl = ttl(expirationSeconds, maximum);
    Instant notAfter = ttl.compareTo(SHORT) < 0 ? now.plus(ttl) : now.plus(ttl).minus(BACKDATE);
    return new ValidityWindow(now.minus(BACKDATE), notAfter);
  }

  static Duration ttl(Integer expirationSeconds, Duration maximum) {
    if (expirationSeconds == null) {
      return maximum;
    }
    Duration requested = Duration.ofSeconds(expirationSeconds);
    if (requested.compareTo(maximum) > 0) {
      return maximum;
    }
    return requested.compareTo(MIN) < 0 ? MIN : requested;
  }
}
