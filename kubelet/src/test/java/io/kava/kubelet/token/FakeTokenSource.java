package io.kava.kubelet.token;

import io.grpc.Status;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestStatus;
import io.kava.client.ApiException;
import io.kava.client.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Answers as the API server does (expirationSeconds defaulted to 3600), numbering its tokens: "token-1", ... */
public final class FakeTokenSource implements TokenSource {
  private final Clock clock;
  public final List<TokenRequest> requests = new ArrayList<>();
  public volatile Status.Code failWith;

  public FakeTokenSource(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized TokenRequest create(String namespace, String serviceAccount, TokenRequest request) {
    if (failWith != null) {
      throw new ApiException(failWith, io.kava.api.v1.Status.newBuilder().setMessage("refused " + failWith).build());
    }
    requests.add(request);
    var spec = request.getSpec().hasExpirationSeconds() ? request.getSpec()
        : request.getSpec().toBuilder().setExpirationSeconds(3600).build();
    return request.toBuilder().setSpec(spec).setStatus(TokenRequestStatus.newBuilder()
        .setToken(namespace + "/" + serviceAccount + "/token-" + requests.size())
        .setExpirationTimestamp(Times.format(clock.instant().plusSeconds(spec.getExpirationSeconds())))).build();
  }

  public synchronized int count() {
    return requests.size();
  }
}
