package io.kava.kubelet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.kava.api.kubelet.v1.KubeletStreamingGrpc;
import io.kava.api.kubelet.v1.LogRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** --anonymous-auth: a caller without a client certificate (here: no TLS at all) is system:anonymous or refused. */
class KubeletAuthInterceptorTest {
  private final List<KubeletUser> asked = new ArrayList<>();
  private final KubeletAuthorizer recording = (user, request) -> {
    asked.add(user);
    return false;
  };
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void withAnonymousAuthFalseACallerWithoutCertificateIsUnauthorizedAndTheAuthorizerIsNotAsked() throws Exception {
    Status status = callLogs(new KubeletAuthInterceptor(recording, false));
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).isEqualTo("Unauthorized");
    assertThat(asked).isEmpty();
  }

  @Test
  void withAnonymousAuthTrueTheCallerIsSystemAnonymousAndTheAuthorizerDecides() throws Exception {
    Status status = callLogs(new KubeletAuthInterceptor(recording, true));
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).isEqualTo("Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)");
    assertThat(asked).containsExactly(KubeletUser.ANONYMOUS);
  }

  @Test
  void theFlagDefaultsToUpstreamsTrueAndTakesFalse() {
    ServingOptions defaults = new ServingOptions();
    new picocli.CommandLine(defaults).parseArgs();
    assertThat(defaults.anonymousAuth).isTrue();
    ServingOptions cis = new ServingOptions();
    new picocli.CommandLine(cis).parseArgs("--anonymous-auth=false");
    assertThat(cis.anonymousAuth).isFalse();
  }

  private Status callLogs(KubeletAuthInterceptor interceptor) throws Exception {
    String name = UUID.randomUUID().toString();
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(new KubeletStreamingGrpc.KubeletStreamingImplBase() {}, interceptor))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    try {
      KubeletStreamingGrpc.newBlockingStub(channel).logs(LogRequest.getDefaultInstance()).hasNext();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }
}
