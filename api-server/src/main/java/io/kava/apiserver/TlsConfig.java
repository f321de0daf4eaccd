package io.kava.apiserver;

import io.kava.client.pki.TlsPolicy;
import java.nio.file.Path;

/**
 * The API server's TLS files, as upstream's flags: --tls-cert-file and --tls-private-key-file (the
 * serving certificate; without them the listener is plaintext, as in-process tests use it) and
 * --client-ca-file (the CA whose client certificates authenticate; without it certificates are not asked for);
 * --tls-min-version and --tls-cipher-suites ({@code policy}: which TLS versions and suites the listener accepts).
 */
public record TlsConfig(Path certFile, Path keyFile, Path clientCaFile, TlsPolicy policy) {
  public static TlsConfig none() {
    return new TlsConfig(null, null, null);
  }

  /** Upstream's default versions and suites. */
  public TlsConfig(Path certFile, Path keyFile, Path clientCaFile) {
    this(certFile, keyFile, clientCaFile, TlsPolicy.defaults());
  }

  public TlsConfig {
    java.util.Objects.requireNonNull(policy, "policy");
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("--tls-cert-file and --tls-private-key-file go together");
    }
    if (clientCaFile != null && certFile == null) {
      throw new IllegalArgumentException("--client-ca-file needs --tls-cert-file and --tls-private-key-file");
    }
  }

  public boolean enabled() {
    return certFile != null;
  }
}
