package io.kava.apiserver;

/**
 * How the API server tells who calls it and what they may do. Each part of the security work adds its
 * own record here (TLS and client CAs, token files, ServiceAccount keys, authorization modes,
 * encryption at rest, audit), so the flags of one part stay together.
 *
 * @param anonymousAuth whether calls without credentials go on as system:anonymous (upstream's
 *     --anonymous-auth; CIS asks for false)
 * @param tls the serving certificate and the client CA
 */
public record SecurityConfig(boolean anonymousAuth, TlsConfig tls) {
  /** Today's defaults: anonymous calls allowed, every call authorized, plaintext. */
  public static SecurityConfig defaults() {
    return new SecurityConfig(true, TlsConfig.none());
  }

  public SecurityConfig withAnonymousAuth(boolean allowed) {
    return new SecurityConfig(allowed, tls);
  }

  public SecurityConfig withTls(TlsConfig newTls) {
    return new SecurityConfig(anonymousAuth, newTls);
  }
}
