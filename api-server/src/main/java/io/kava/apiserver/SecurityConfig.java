package io.kava.apiserver;

/**
 * How the API server tells who calls it and what they may do. Each part of the security work adds its
 * own record here (TLS and client CAs, token files, ServiceAccount keys, authorization modes,
 * encryption at rest, audit), so the flags of one part stay together.
 *
 * @param anonymousAuth whether calls without credentials go on as system:anonymous (upstream's
 *     --anonymous-auth; CIS asks for false)
 * @param authorization --authorization-mode and --token-auth-file
 */
public record SecurityConfig(boolean anonymousAuth, AuthorizationConfig authorization) {
  /** Today's defaults: anonymous calls allowed, every call authorized. */
  public static SecurityConfig defaults() {
    return new SecurityConfig(true, AuthorizationConfig.defaults());
  }

  public SecurityConfig withAnonymousAuth(boolean allowed) {
    return new SecurityConfig(allowed, authorization);
  }

  public SecurityConfig withAuthorization(AuthorizationConfig authorization) {
    return new SecurityConfig(anonymousAuth, authorization);
  }
}
