package io.kava.controllermanager.bootstrap;

import io.kava.api.core.v1.Secret;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.bootstrap.BootstrapTokens;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's tokencleaner (pkg/controller/bootstrap): deletes a bootstrap token Secret of kube-system once
 * its expiration has passed (with the Secret's uid as precondition), and looks at one not yet expired again
 * when it will have. Upstream's kube-controller-manager runs it only when asked (kubeadm asks); Kava always
 * runs it, it only reads what the secrets informer already has.
 */
public final class TokenCleaner implements Controller {
  private static final Logger log = LoggerFactory.getLogger(TokenCleaner.class);
  public static final String NAME = "tokencleaner";

  private final ResourceClient<Secret> secretClient;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Secret> secrets;

  public TokenCleaner(KavaClient client, Clock clock) {
    this.secretClient = client.resource(Secret.class);
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var informer = informers.informer(Secret.class);
    secrets = informer.lister();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret secret) {
        enqueue(secret);
      }

      @Override
      public void onUpdate(Secret old, Secret secret) {
        enqueue(secret);
      }

      @Override
      public void onDelete(Secret secret) {}
    });
  }

  private void enqueue(Secret secret) {
    if (isBootstrapToken(secret)) {
      queue.add(ApiObjects.key(secret));
    }
  }

  static boolean isBootstrapToken(Secret secret) {
    return secret.getMetadata().getNamespace().equals(BootstrapTokens.NAMESPACE)
        && secret.getType().equals(BootstrapTokens.SECRET_TYPE);
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }

  /** One Secret by key: deleted when expired, looked at again at its expiration otherwise. */
  public void sync(String key) {
    Optional<Secret> cached = secrets.get(key);
    if (cached.isEmpty() || !isBootstrapToken(cached.get()) || !cached.get().getMetadata().getDeletionTimestamp().isEmpty()) {
      return;
    }
    Secret secret = cached.get();
    Optional<Instant> expiration = BootstrapTokens.expiration(secret);
    if (expiration.isEmpty()) {
      return;
    }
    Duration left = expiration.get().equals(Instant.MIN) ? Duration.ZERO : Duration.between(clock.instant(), expiration.get());
    if (!left.isNegative() && !left.isZero()) {
      queue.addAfter(key, left);
      return;
    }
    try {
      secretClient.delete(secret.getMetadata().getNamespace(), secret.getMetadata().getName(),
          new DeleteOptions(null, "Background", secret.getMetadata().getUid()));
      log.info("Deleted expired bootstrap token Secret {}", key);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }
}
