package io.kava.controllermanager.certificates;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The csrsigning controller's flags: the cluster CA's certificate and key files
 * (--cluster-signing-cert-file, --cluster-signing-key-file; the signer runs only when both are given)
 * and the longest validity it issues (--cluster-signing-duration, upstream default 8760h).
 */
public record SigningConfig(Path certFile, Path keyFile, Duration duration) {
  public static final Duration DEFAULT_DURATION = Duration.ofHours(8760);

  public static SigningConfig disabled() {
    return new SigningConfig(null, null, DEFAULT_DURATION);
  }

  public boolean enabled() {
    return certFile != null && keyFile != null;
  }
}
