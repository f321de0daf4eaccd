package io.kava.kubelet.api;

import io.kava.api.authentication.v1.TokenRequest;
import io.kava.client.AuthenticationClient;
import io.kava.client.KavaClient;
import io.kava.kubelet.token.TokenSource;

/** Tokens from the API server's CreateToken, with the kubelet's own credentials (the Node authorizer allows them). */
public final class ApiTokenSource implements TokenSource {
  private final AuthenticationClient tokens;

  public ApiTokenSource(KavaClient client) {
    this.tokens = new AuthenticationClient(client);
  }

  @Override
  public TokenRequest create(String namespace, String serviceAccount, TokenRequest request) {
    return tokens.createToken(namespace, serviceAccount, request, false);
  }
}
