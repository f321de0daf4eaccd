package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Secret;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.apiserver.testing.KubeadmSecurity;
import io.kava.client.AuthenticationClient;
import io.kava.client.KavaClient;
import io.kava.client.bootstrap.BootstrapTokens;
import io.kava.client.bootstrap.JoinToken;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.Pem;
import io.kava.controllermanager.ControllerManager;
import io.kava.controllermanager.ControllerManagerConfig;
import io.kava.controllermanager.certificates.ApprovingController;
import io.kava.controllermanager.certificates.SigningConfig;
import io.kava.controllermanager.certificates.SigningController;
import io.kava.kubelet.bootstrap.JoinMain;
import io.kava.kubelet.bootstrap.KubeletBootstrap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joining a host with a token, in one JVM: a real API server on a real etcd secured as kubeadm's
 * (TLS, Node,RBAC, --enable-bootstrap-token-auth), the controller manager's csrapproving and csrsigning
 * controllers, the agent's join step (JoinMain) and the kubelet's bootstrap (KubeletBootstrap). A good
 * token ends with a node certificate the Node authorizer accepts; a token pinning another CA is refused
 * before the token is sent; an expired and a deleted token are refused with a clear message.
 */
class JoinIT {
  @TempDir
  static Path dir;
  private static EtcdProcessCluster etcd;
  private static ApiServerHarness api;
  private static KubeadmSecurity security;
  private static X509Certificate ca;
  private static ControllerManager manager;
  private static Thread managerThread;
  private static KavaClient admin;

  @BeforeAll
  static void start() throws Exception {
    etcd = EtcdProcessCluster.start(1);
    security = KubeadmSecurity.in(dir.resolve("cluster"));
    api = ApiServerHarness.start(etcd.endpoints(), c -> c.withSecurity(security.config()));
    security.serving(api.target());
    Path cert = dir.resolve("cluster/pki/ca.crt");
    ca = Pem.readCertificate(cert);
    // The approving and signing controllers run in this JVM as system:kube-controller-manager.
    security.bindControllerRolesToTheManager();
    var managerClient = KavaClient.connect(KubeConfigLoader.load(security.kubeconfig("controller-manager")));
    manager = new ControllerManager(new ControllerManagerConfig(api.target(), false, "it", 1, Duration.ofSeconds(30)),
        managerClient, List.of(new ApprovingController(managerClient, Clock.systemUTC()),
            new SigningController(managerClient, new SigningConfig(cert, dir.resolve("cluster/pki/ca.key"),
                SigningConfig.DEFAULT_DURATION), Clock.systemUTC())));
    managerThread = new Thread(() -> {
      try {
        manager.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "controller-manager");
    managerThread.start();
    admin = KavaClient.connect(security.admin());
  }

  @AfterAll
  static void stop() throws Exception {
    if (manager != null) {
      manager.close();
      managerThread.join(10_000);
    }
    if (admin != null) {
      admin.close();
    }
    if (api != null) {
      api.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  private static BootstrapTokens.Token createToken(Optional<Instant> expiration) {
    BootstrapTokens.Token token = BootstrapTokens.generate(new SecureRandom());
    admin.resource(Secret.class).create(BootstrapTokens.secret(token, expiration, "JoinIT", List.of()));
    return token;
  }

  private record Run(int code, String out, String err) {}

  private static Run join(String token, Path out) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code = JoinMain.run(new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true,
        StandardCharsets.UTF_8), "--server", "https://" + api.target(), "--token", token, "--out", out.toString());
    return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aGoodTokenYieldsANodeCertificateAndTheKubeletIdentityWorks() throws Exception {
    BootstrapTokens.Token token = createToken(Optional.of(Instant.now().plusSeconds(3600)));
    Path agent = dir.resolve("agent-good");
    Run run = join(JoinToken.of(ca, token).toString(), agent);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Authenticated as system:bootstrap:" + token.id());
    assertThat(Files.getPosixFilePermissions(agent.resolve("bootstrap.kubeconfig")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    Path kubeconfig = agent.resolve("kubelet.kubeconfig");
    assertThat(new KubeletBootstrap(agent.resolve("bootstrap.kubeconfig"), kubeconfig, agent.resolve("pki"), "joined",
        Duration.ofSeconds(20), Clock.systemUTC()).ensure()).isTrue();
    try (KavaClient kubelet = KavaClient.connect(KubeConfigLoader.load(kubeconfig))) {
      var user = new AuthenticationClient(kubelet).whoAmI().getStatus().getUserInfo();
      assertThat(user.getUsername()).isEqualTo("system:node:joined");
      assertThat(user.getGroupsList()).contains("system:nodes");
    }
    assertThat(Files.getPosixFilePermissions(agent.resolve("pki/kubelet-client-current.pem")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    // Both steps again: nothing to do.
    Run again = join(JoinToken.of(ca, token).toString(), agent);
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already holds a valid client certificate");
  }

  @Test
  void aTokenForAnotherCaIsRefusedBeforeTheTokenIsSent() {
    BootstrapTokens.Token token = createToken(Optional.of(Instant.now().plusSeconds(3600)));
    X509Certificate other = CertificateAuthority.create("kubernetes").certificate();
    Run run = join(JoinToken.of(other, token).toString(), dir.resolve("agent-other-ca"));
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("the server's CA hash sha256:" + JoinToken.caHash(ca)
        + " does not match the token's sha256:" + JoinToken.caHash(other)).contains("nothing was sent");
    assertThat(dir.resolve("agent-other-ca/bootstrap.kubeconfig")).doesNotExist();
  }

  @Test
  void anExpiredTokenIsRefused() {
    BootstrapTokens.Token token = createToken(Optional.of(Instant.now().minusSeconds(60)));
    Run run = join(JoinToken.of(ca, token).toString(), dir.resolve("agent-expired"));
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("the server refused the token").contains("bootstrap token \"" + token.id()
        + "\" has expired");
    assertThat(dir.resolve("agent-expired/bootstrap.kubeconfig")).doesNotExist();
  }

  @Test
  void aDeletedTokenIsRefused() {
    BootstrapTokens.Token token = createToken(Optional.of(Instant.now().plusSeconds(3600)));
    admin.resource(Secret.class).delete(BootstrapTokens.NAMESPACE, token.secretName());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Run run = join(JoinToken.of(ca, token).toString(), dir.resolve("agent-deleted"));
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err()).contains("bootstrap token \"" + token.id() + "\" was not found");
    });
  }

  @Test
  void aMalformedTokenNamesTheShape() {
    Run run = join("abcdef.0123456789abcdef", dir.resolve("agent-bad"));
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("expected " + JoinToken.SHAPE);
  }
}
