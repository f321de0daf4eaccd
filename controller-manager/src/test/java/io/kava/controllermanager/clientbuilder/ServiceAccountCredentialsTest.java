package io.kava.controllermanager.clientbuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestStatus;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.GetRequest;
import io.kava.api.v1.ObjectResponse;
import io.kava.client.ApiException;
import io.kava.client.Times;
import io.kava.client.auth.BearerToken;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller's token on the wire, over gRPC's in-process transport: sent, dropped when refused, or missing. */
class ServiceAccountCredentialsTest {
  private final String name = "sa-credentials-" + UUID.randomUUID();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private volatile boolean refuse;
  private final AtomicInteger issued = new AtomicInteger();
  private volatile RuntimeException issueFailure;
  private final Server server;
  private final ManagedChannel channel;

  ServiceAccountCredentialsTest() throws Exception {
    ServerInterceptor recorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        seen.add(headers.get(BearerToken.AUTHORIZATION));
        return next.startCall(call, headers);
      }
    };
    ApiGrpc.ApiImplBase api = new ApiGrpc.ApiImplBase() {
      @Override
      public void get(GetRequest request, StreamObserver<ObjectResponse> out) {
        if (refuse) {
          out.onError(Status.UNAUTHENTICATED.withDescription("Unauthorized").asRuntimeException());
          return;
        }
        out.onNext(ObjectResponse.getDefaultInstance());
        out.onCompleted();
      }
    };
    server = InProcessServerBuilder.forName(name).directExecutor().addService(ServerInterceptors.intercept(api, recorder))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private TokenRequest issue(String serviceAccount) {
    if (issueFailure != null) {
      throw issueFailure;
    }
    return TokenRequest.newBuilder().setStatus(TokenRequestStatus.newBuilder()
        .setToken(serviceAccount + "-" + issued.incrementAndGet())
        .setExpirationTimestamp(Times.format(Clock.systemUTC().instant().plus(Duration.ofHours(1))))).build();
  }

  private ApiGrpc.ApiBlockingStub stub() {
    ServiceAccountToken token = new ServiceAccountToken("job-controller", this::issue, Clock.systemUTC());
    return ApiGrpc.newBlockingStub(ClientInterceptors.intercept(channel, new BearerToken(token)));
  }

  @Test
  void everyCallCarriesTheServiceAccountsToken() {
    ApiGrpc.ApiBlockingStub stub = stub();
    stub.get(GetRequest.getDefaultInstance());
    stub.get(GetRequest.getDefaultInstance());

    assertThat(seen).containsExactly("Bearer job-controller-1", "Bearer job-controller-1");
  }

  @Test
  void aTokenTheServerRefusesIsReplacedAtTheNextCall() {
    ApiGrpc.ApiBlockingStub stub = stub();
    refuse = true;
    assertThatThrownBy(() -> stub.get(GetRequest.getDefaultInstance())).isInstanceOf(StatusRuntimeException.class);
    refuse = false;
    stub.get(GetRequest.getDefaultInstance());

    assertThat(seen).containsExactly("Bearer job-controller-1", "Bearer job-controller-2");
  }

  @Test
  void withoutATokenTheCallFailsUnauthenticatedNamingTheServiceAccount() {
    issueFailure = ApiException.from(Status.PERMISSION_DENIED.withDescription("cannot create serviceaccounts/token")
        .asRuntimeException());

    assertThatThrownBy(() -> stub().get(GetRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("kube-system/job-controller")
              .contains("cannot create serviceaccounts/token");
        });
    assertThat(seen).isEmpty();
  }
}
