package io.kava.kubectl.auth;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kava.api.authentication.v1.SelfSubjectReview;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.authorization.v1.SelfSubjectRulesReview;
import io.kava.api.authorization.v1.SubjectAccessReviewStatus;
import io.kava.api.authorization.v1.SubjectRulesReviewStatus;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.CreateTokenRequest;
import io.kava.client.KavaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The authentication and authorization RPCs answered with canned statuses; the requests are kept to assert on. */
final class FakeAuthApi extends ApiGrpc.ApiImplBase implements AutoCloseable {
  final List<Object> requests = new ArrayList<>();
  SubjectAccessReviewStatus accessStatus = SubjectAccessReviewStatus.getDefaultInstance();
  SubjectRulesReviewStatus rulesStatus = SubjectRulesReviewStatus.getDefaultInstance();
  SelfSubjectReview whoAmI = SelfSubjectReview.getDefaultInstance();
  String token = "eyJhbGciOiJSUzI1NiJ9.payload.signature";

  private final String name = "fake-auth-" + UUID.randomUUID();
  private final Server server;

  FakeAuthApi() {
    try {
      server = InProcessServerBuilder.forName(name).directExecutor().addService(this).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KavaClient client() {
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return new KavaClient(channel, true, Duration.ofSeconds(5));
  }

  @Override
  public void createSelfSubjectAccessReview(SelfSubjectAccessReview request, StreamObserver<SelfSubjectAccessReview> out) {
    requests.add(request);
    out.onNext(request.toBuilder().setStatus(accessStatus).build());
    out.onCompleted();
  }

  @Override
  public void createSelfSubjectRulesReview(SelfSubjectRulesReview request, StreamObserver<SelfSubjectRulesReview> out) {
    requests.add(request);
    out.onNext(request.toBuilder().setStatus(rulesStatus).build());
    out.onCompleted();
  }

  @Override
  public void createSelfSubjectReview(SelfSubjectReview request, StreamObserver<SelfSubjectReview> out) {
    requests.add(request);
    out.onNext(whoAmI);
    out.onCompleted();
  }

  @Override
  public void createToken(CreateTokenRequest request, StreamObserver<TokenRequest> out) {
    requests.add(request);
    out.onNext(request.getTokenRequest().toBuilder()
        .setStatus(io.kava.api.authentication.v1.TokenRequestStatus.newBuilder().setToken(token)
            .setExpirationTimestamp("2024-06-01T13:00:00Z")).build());
    out.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
