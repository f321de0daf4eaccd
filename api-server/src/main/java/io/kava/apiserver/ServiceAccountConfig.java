package io.kava.apiserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * ServiceAccount tokens, as kube-apiserver's flags of the same names. Without a signing key the whole
 * feature is off: no TokenRequest, no token authenticator and no ServiceAccount admission (upstream
 * refuses to start instead; Kava's in-process harnesses run without keys).
 *
 * @param signingKeyFile --service-account-signing-key-file: the PEM private key (RSA) tokens are signed with
 * @param keyFiles --service-account-key-file: PEM public (or private) keys tokens are verified with; the
 *     signing key's public half is always among them
 * @param issuer --service-account-issuer: the iss claim of new tokens, and the one accepted
 * @param apiAudiences --api-audiences: the audiences a token must name one of (default: the issuer)
 * @param extendTokenExpiration --service-account-extend-token-expiration: a token asked for 3607 s (the
 *     admission's projected one) is issued for a year with a warnafter claim, as upstream
 */
public record ServiceAccountConfig(Optional<Path> signingKeyFile, List<Path> keyFiles, String issuer,
    List<String> apiAudiences, boolean extendTokenExpiration) {
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
  /** Upstream's maxExtendedExpiration. */
  public static final Duration EXTENDED_EXPIRATION = Duration.ofDays(365);

  public ServiceAccountConfig {
    keyFiles = List.copyOf(keyFiles);
    apiAudiences = apiAudiences.isEmpty() ? List.of(issuer) : List.copyOf(apiAudiences);
  }

  public static ServiceAccountConfig disabled() {
    return new ServiceAccountConfig(Optional.empty(), List.of(), DEFAULT_ISSUER, List.of(), true);
  }

  /** Signing with the key file, verifying with its public half, the default issuer and audience. */
  public static ServiceAccountConfig signingWith(Path signingKey) {
    return new ServiceAccountConfig(Optional.of(signingKey), List.of(), DEFAULT_ISSUER, List.of(), true);
  }

  public boolean enabled() {
    return signingKeyFile.isPresent();
  }
}
