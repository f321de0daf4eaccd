package io.kava.apiserver.serviceaccount;

import io.kava.apiserver.ServiceAccountConfig;
import io.kava.apiserver.admission.ServiceAccountAdmission;
import io.kava.apiserver.auth.Authenticator;
import io.kava.apiserver.watch.CachedReads;
import io.kava.client.Kinds;
import io.kava.api.core.v1.ServiceAccount;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API server's ServiceAccount token pieces built from one config: the TokenRequest handler, the token
 * authenticator and the pod admission, all over the same keys and the same cached reads.
 */
public final class ServiceAccountTokens {
  private final TokenRequests requests;
  private final ServiceAccountAuthenticator authenticator;
  private final ServiceAccountAdmission admission;

  public ServiceAccountTokens(ServiceAccountConfig config, CachedReads reads, Clock clock) {
    Path signingKey = config.signingKeyFile().orElseThrow();
    RSAPrivateCrtKey key = KeyFiles.privateKey(signingKey);
    List<RSAPublicKey> keys = new ArrayList<>();
    keys.add(KeyFiles.publicHalf(key));
    for (Path file : config.keyFiles()) {
      keys.addAll(KeyFiles.publicKeys(file));
    }
    BoundObjects objects = BoundObjects.cached(reads);
    this.requests = new TokenRequests(new TokenIssuer(key, config.issuer(), clock), objects, config.apiAudiences(),
        config.extendTokenExpiration() ? Optional.of(ServiceAccountConfig.EXTENDED_EXPIRATION) : Optional.empty(), clock);
    this.authenticator = new ServiceAccountAuthenticator(keys, config.issuer(), config.apiAudiences(), objects, clock);
    this.admission = new ServiceAccountAdmission(
        (namespace, name) -> reads.get(Kinds.SERVICE_ACCOUNT, ServiceAccount.class, namespace, name));
  }

  public TokenRequests requests() {
    return requests;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  public ServiceAccountAdmission admission() {
    return admission;
  }
}
