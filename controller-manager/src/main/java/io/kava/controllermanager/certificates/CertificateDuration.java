package io.kava.controllermanager.certificates;

import java.time.Duration;
import java.time.Instant;

/**
 * How long an issued certificate is valid, as upstream's signer.duration: the requested
 * expirationSeconds, at most --cluster-signing-duration and at least 10 minutes; never past the CA's
 * own end (upstream's signing policy caps it there too).
 */
public final class CertificateDuration {
  static final Duration MIN = Duration.ofMinutes(10);

  private CertificateDuration() {}

  public static Duration of(Integer expirationSeconds, Duration maximum, Instant now, Instant caNotAfter) {
    Duration ttl = requested(expirationSeconds, maximum);
    Duration left = Duration.between(now, caNotAfter);
    return ttl.compareTo(left) > 0 ? left : ttl;
  }

  static Duration requested(Integer expirationSeconds, Duration maximum) {
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
