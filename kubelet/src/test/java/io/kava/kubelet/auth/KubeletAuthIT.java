package io.kava.kubelet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.kava.apiserver.AuthorizationConfig;
import io.kava.apiserver.BackendTlsConfig;
import io.kava.apiserver.SecurityConfig;
import io.kava.apiserver.TlsConfig;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.AccessReviewClient;
import io.kava.client.KavaClient;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.ClusterCertificates;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.TlsContexts;
import io.kava.kubelet.runtime.ContainerStreams;
import io.kava.kubelet.streaming.StreamingServer;
import io.kava.kubelet.testing.FakeContainerRuntime;
import io.kava.api.kubelet.v1.KubeletStatsGrpc;
import io.kava.api.kubelet.v1.KubeletStreamingGrpc;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PodRef;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's API as kubeadm runs it, against a real API server (TLS, Node,RBAC) on a real etcd
 * (over TLS with the API server's etcd client certificate, so this also shows the API server working there): TLS
 * with client certificates required (--client-ca-file) and --authorization-mode=Webhook, each caller
 * authorized by a SubjectAccessReview the kubelet sends with its own node credentials. Without a
 * certificate of the cluster's CA nothing gets through; a user without nodes/proxy gets upstream's
 * Forbidden; the API server's kubelet client (bound to system:kubelet-api-admin) gets to the handler.
 */
class KubeletAuthIT {
  private static final String NODE = "n1";
  @TempDir static Path dir;
  static EtcdProcessCluster etcd;
  static ApiServerHarness api;
  static KavaClient nodeClient;
  static StreamingServer kubelet;
  static Path pki;
  static CertificateAuthority ca;

  @BeforeAll
  static void start() {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443", List.of(new ClusterCertificates.Node(NODE, "127.0.0.1")));
    pki = dir.resolve("pki");
    ca = CertificateAuthority.read(pki.resolve("ca.crt"), pki.resolve("ca.key"));
    // The API server on etcd over TLS with its client certificate, as the real cluster runs it.
    etcd = EtcdProcessCluster.start(1, pki);
    api = ApiServerHarness.start(etcd.endpoints(), c -> c.withSecurity(SecurityConfig.defaults().withAnonymousAuth(false)
        .withBackends(BackendTlsConfig.none().withEtcd(new BackendTlsConfig.ClientTls(pki.resolve("etcd/ca.crt"),
            pki.resolve("apiserver-etcd-client.crt"), pki.resolve("apiserver-etcd-client.key"))))
        .withTls(new TlsConfig(pki.resolve("apiserver.crt"), pki.resolve("apiserver.key"), pki.resolve("ca.crt")))
        .withAuthorization(AuthorizationConfig.defaults().withModes("Node,RBAC"))));
    nodeClient = KavaClient.connect(KubeConfigLoader.load(dir.resolve("kubelet-" + NODE + ".kubeconfig")).withServer(api.target()));
    KubeletServing serving = new KubeletServing(Optional.of(KubeletServing.tls(pki.resolve("kubelet-" + NODE + "-serving.crt"),
        pki.resolve("kubelet-" + NODE + "-serving.key"), pki.resolve("ca.crt"))),
        WebhookAuthorizer.of(NODE, new AccessReviewClient(nodeClient), Duration.ofMinutes(5), Duration.ofSeconds(1)));
    kubelet = new StreamingServer("127.0.0.1", 0, new FakeContainerRuntime(Clock.systemUTC()), new NoStreams(), NODE,
        new KubeletStatsGrpc.KubeletStatsImplBase() {}, serving).start();
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (nodeClient != null) {
      nodeClient.close();
    }
    if (api != null) {
      api.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void aCallerWithoutACertificateOfTheClusterCaGetsNothing() {
    assertThat(logs(TlsContexts.client(List.of(ca.certificate()), null)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    IssuedCertificate foreign = CertificateAuthority.create("kubernetes").issue(
        CertificateProfile.client("kube-apiserver-kubelet-client", List.of("system:masters")));
    assertThat(logs(TlsContexts.client(List.of(ca.certificate()), foreign)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", kubelet.port()).usePlaintext().build();
    try {
      assertThat(logs(plaintext).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      plaintext.shutdownNow();
    }
  }

  @Test
  void withAnonymousAuthACallerWithoutACertificateIsSystemAnonymousAndTheWebhookRefusesIt() {
    // The binary's default --anonymous-auth=true: no certificate gets past the handshake as system:anonymous,
    // a certificate of another CA still does not, and the SubjectAccessReview says no.
    KubeletServing anonymous = new KubeletServing(Optional.of(KubeletServing.tls(pki.resolve("kubelet-" + NODE + "-serving.crt"),
        pki.resolve("kubelet-" + NODE + "-serving.key"), pki.resolve("ca.crt"), true)),
        WebhookAuthorizer.of(NODE, new AccessReviewClient(nodeClient), Duration.ofMinutes(5), Duration.ofSeconds(1)), true);
    StreamingServer open = new StreamingServer("127.0.0.1", 0, new FakeContainerRuntime(Clock.systemUTC()), new NoStreams(), NODE,
        new KubeletStatsGrpc.KubeletStatsImplBase() {}, anonymous).start();
    try {
      Status refused = logs(open.port(), TlsContexts.client(List.of(ca.certificate()), null));
      assertThat(refused.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(refused.getDescription()).isEqualTo("Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)");
      IssuedCertificate foreign = CertificateAuthority.create("kubernetes").issue(CertificateProfile.client("jane", List.of()));
      assertThat(logs(open.port(), TlsContexts.client(List.of(ca.certificate()), foreign)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      open.close();
    }
  }

  @Test
  void aUserWithoutNodesProxyIsForbidden() {
    IssuedCertificate jane = ca.issue(CertificateProfile.client("jane", List.of("dev")));
    Status refused = logs(TlsContexts.client(List.of(ca.certificate()), jane));
    assertThat(refused.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getDescription()).isEqualTo("Forbidden (user=jane, verb=get, resource=nodes, subresource=proxy)");
  }

  @Test
  void theApiServersKubeletClientGetsThroughByItsRoleBinding() {
    // Without system:masters: only the bootstrap binding to system:kubelet-api-admin lets it in.
    IssuedCertificate apiServer = ca.issue(CertificateProfile.client("kube-apiserver-kubelet-client", List.of()));
    SslContext tls = TlsContexts.client(List.of(ca.certificate()), apiServer);
    // The handler answers (no such pod here): authorization let the call through. The RBAC bootstrap may still be on its way.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> logs(tls).getCode(), code -> code != Status.Code.PERMISSION_DENIED);
    assertThat(logs(tls).getCode()).isNotIn(Status.Code.PERMISSION_DENIED, Status.Code.UNAVAILABLE, Status.Code.OK);
  }

  private static Status logs(SslContext tls) {
    return logs(kubelet.port(), tls);
  }

  private static Status logs(int port, SslContext tls) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls).build();
    try {
      return logs(channel);
    } finally {
      channel.shutdownNow();
    }
  }

  private static Status logs(ManagedChannel channel) {
    try {
      KubeletStreamingGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .logs(LogRequest.newBuilder().setPod(PodRef.newBuilder().setNamespace("default").setName("none").setUid("u"))
              .setContainer("c").build()).hasNext();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  /** The handler is not what is tested: no container exists, so it never gets this far. */
  private static final class NoStreams implements ContainerStreams {
    @Override
    public void logs(String containerId, LogOptions options, OutputStream out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, Stdio stdio) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StreamSession attach(String containerId, Stdio stdio) {
      throw new UnsupportedOperationException();
    }
  }
}
