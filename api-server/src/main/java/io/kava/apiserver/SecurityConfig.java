package io.kava.apiserver;

/**
 * How the API server tells who calls it and what they may do. Each part of the security work adds its
 * own record here (TLS and client CAs, token files, ServiceAccount keys, authorization modes,
 * encryption at rest, audit), so the flags of one part stay together.
 *
 * @param anonymousAuth whether calls without credentials go on as system:anonymous (upstream's
 *     --anonymous-auth; CIS asks for false)
 * @param serviceAccounts the ServiceAccount token keys, issuer and audiences (off without a signing key)
 */
public record SecurityConfig(boolean anonymousAuth, ServiceAccountConfig serviceAccounts) {
  /** Today's defaults: anonymous calls allowed, every call authorized. */
  public static SecurityConfig defaults() {
    return new SecurityConfig(true, ServiceAccountConfig.disabled());
  }

  public SecurityConfig withAnonymousAuth(boolean allowed) {
    return new SecurityConfig(allowed, serviceAccounts);
  }

  public SecurityConfig withServiceAccounts(ServiceAccountConfig config) {
    return new SecurityConfig(anonymousAuth, config);
  }
}
