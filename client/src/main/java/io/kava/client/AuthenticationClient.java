package io.kava.client;

import io.grpc.StatusRuntimeException;
import io.kava.api.authentication.v1.SelfSubjectReview;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.v1.CreateTokenRequest;

/** authentication.k8s.io/v1: ServiceAccount tokens (kavactl create token) and who the caller is (auth whoami). */
public final class AuthenticationClient {
  private final KavaClient client;

  public AuthenticationClient(KavaClient client) {
    this.client = client;
  }

  /** A token for the ServiceAccount namespace/name; it is in status.token. */
  public TokenRequest createToken(String namespace, String serviceAccount, TokenRequest request, boolean dryRun) {
    CreateTokenRequest call = CreateTokenRequest.newBuilder().setNamespace(namespace).setName(serviceAccount)
        .setTokenRequest(request).setDryRun(dryRun).build();
    return call(() -> client.blocking().createToken(call));
  }

  public SelfSubjectReview whoAmI() {
    return call(() -> client.blocking().createSelfSubjectReview(SelfSubjectReview.getDefaultInstance()));
  }

  private static <R> R call(java.util.function.Supplier<R> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }
}
