package io.kava.controllermanager.bootstrap;

import io.kava.api.core.v1.Secret;
import io.kava.client.KavaClient;
import io.kava.client.bootstrap.BootstrapTokens;
import io.kava.controllermanager.util.ExpiryDeleter;
import java.time.Clock;
import java.time.Instant;

/**
 * Upstream's tokencleaner (pkg/controller/bootstrap): deletes a bootstrap token Secret of kube-system once
 * its expiration has passed (with the Secret's uid as precondition), and looks at one not yet expired again
 * when it will have. Upstream's kube-controller-manager runs it only when asked (kubeadm asks); Kava always
 * runs it, it only reads what the secrets informer already has.
 */
public final class TokenCleaner extends ExpiryDeleter<Secret> {
  public static final String NAME = "tokencleaner";

  public TokenCleaner(KavaClient client, Clock clock) {
    super(NAME, Secret.class, client, clock);
  }

  @Override
  protected boolean expires(Secret secret) {
    return isBootstrapToken(secret) && secret.getMetadata().getDeletionTimestamp().isEmpty()
        && BootstrapTokens.expiration(secret).isPresent();
  }

  @Override
  protected Instant dueAt(Secret secret) {
    return BootstrapTokens.expiration(secret).orElseThrow();
  }

  static boolean isBootstrapToken(Secret secret) {
    return secret.getMetadata().getNamespace().equals(BootstrapTokens.NAMESPACE)
        && secret.getType().equals(BootstrapTokens.SECRET_TYPE);
  }
}
