package io.kava.controllermanager.clientbuilder;

import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestSpec;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.AuthenticationClient;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.auth.BearerToken;
import io.kava.client.config.ClientConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * --use-service-account-credentials (upstream's SAControllerClientBuilder): each controller talks to the
 * API server as the ServiceAccount kube-system/NAME, over one TLS channel that presents no client
 * certificate, with a bound token of that ServiceAccount (1 hour, refreshed at 80 %). The manager's own
 * identity only makes the ServiceAccounts and asks for their tokens.
 */
public final class ServiceAccountClients implements ControllerClients {
  private static final Logger log = LoggerFactory.getLogger(ServiceAccountClients.class);
  public static final String NAMESPACE = "kube-system";
  /** Upstream's clientbuilder asks for one hour. */
  public static final long EXPIRATION_SECONDS = 3600;

  private final ResourceClient<ServiceAccount> accounts;
  private final AuthenticationClient tokens;
  private final KavaClient anonymous;
  private final Clock clock;
  private final Map<String, KavaClient> clients = new ConcurrentHashMap<>();

  /**
   * @param manager the manager's own client (its certificate): makes the ServiceAccounts and tokens
   * @param anonymous a channel to the same API server without credentials; each controller's token goes on it
   */
  public ServiceAccountClients(KavaClient manager, KavaClient anonymous, Clock clock) {
    this.accounts = manager.resource(ServiceAccount.class);
    this.tokens = new AuthenticationClient(manager);
    this.anonymous = anonymous;
    this.clock = clock;
  }

  /** The manager's connection settings without its client certificate or token: where the controllers' tokens go. */
  public static ClientConfig withoutCredentials(ClientConfig config) {
    return new ClientConfig(config.server(), config.tls(), config.certificateAuthorities(), null, null);
  }

  @Override
  public KavaClient client(String serviceAccount) {
    return clients.computeIfAbsent(serviceAccount, name -> anonymous.withInterceptors(
        new BearerToken(new ServiceAccountToken(name, this::issue, clock))));
  }

  /** Makes the ServiceAccount when it is missing (as upstream's clientbuilder), then asks for its token. */
  TokenRequest issue(String name) {
    try {
      accounts.get(NAMESPACE, name);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      try {
        accounts.create(ServiceAccount.newBuilder().setApiVersion("v1").setKind("ServiceAccount")
            .setMetadata(ObjectMeta.newBuilder().setNamespace(NAMESPACE).setName(name)).build());
        log.info("Created ServiceAccount {}/{}", NAMESPACE, name);
      } catch (ApiException created) {
        if (!created.isAlreadyExists()) {
          throw created;
        }
      }
    }
    return tokens.createToken(NAMESPACE, name, TokenRequest.newBuilder()
        .setSpec(TokenRequestSpec.newBuilder().setExpirationSeconds(EXPIRATION_SECONDS)).build(), false);
  }

  @Override
  public void close() {
    anonymous.close();
  }
}
