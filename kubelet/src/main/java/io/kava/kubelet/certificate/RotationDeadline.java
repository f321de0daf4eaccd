package io.kava.kubelet.certificate;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Upstream's nextRotationDeadline (client-go certificate manager): a random point between 70 % and 90 %
 * of the certificate's lifetime, so that a fleet of kubelets does not renew at once.
 */
public final class RotationDeadline {
  private RotationDeadline() {}

  /** random: uniform in [0, 1). */
  public static Instant next(Instant notBefore, Instant notAfter, DoubleSupplier random) {
    long total = Duration.between(notBefore, notAfter).toMillis();
    // wait.Jitter(total, 0.2) - 0.3 * total: from 0.7 to 0.9 of the lifetime.
    double share = 0.7 + 0.2 * random.getAsDouble();
    return notBefore.plusMillis(Math.round(total * share));
  }
}
