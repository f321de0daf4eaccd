package io.kava.apiserver;

import java.nio.file.Path;

/**
 * The API server's TLS files, as upstream's flags: --tls-cert-file and --tls-private-key-file (the
 * serving certificate; without them the listener is plaintext, as in-process tests use it) and
 * --client-ca-file (the CA whose client certificates authenticate; without it certificates are not asked for).
 */
public record TlsConfig(Path certFile, Path keyFile, Path clientCaFile) {
  public static TlsConfig none() {
    return new TlsConfig(null, null, null);
  }

  public TlsConfig {
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
