package io.kava.client;

import io.grpc.StatusRuntimeException;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.v1.CreateTokenRequest;

/** The serviceaccounts/token subresource (CreateToken): a bound token for a ServiceAccount, as client-go's CreateToken. */
public final class TokenRequestClient {
  private final KavaClient client;

  public TokenRequestClient(KavaClient client) {
    this.client = client;
  }

  public TokenRequest create(String namespace, String serviceAccount, TokenRequest request) {
    try {
      return client.blocking().createToken(CreateTokenRequest.newBuilder().setNamespace(namespace)
          .setName(serviceAccount).setTokenRequest(request).build());
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }
}
