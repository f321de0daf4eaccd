package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.ResourceClient;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import io.kava.apiserver.testing.KubeadmSecurity;
import io.kava.client.KavaClient;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.pki.KeyAlgorithm;
import io.kava.client.pki.Pem;
import io.kava.controllermanager.ControllerManager;
import io.kava.controllermanager.ControllerManagerConfig;
import io.kava.controllermanager.certificates.ApprovingController;
import io.kava.controllermanager.certificates.SigningConfig;
import io.kava.controllermanager.certificates.SigningController;
import io.kava.kubelet.certificate.ApiCertificateSigner;
import io.kava.kubelet.certificate.CertificateStore;
import io.kava.kubelet.certificate.CertificateManager;
import io.kava.kubelet.certificate.KeyMaterial;
import java.nio.file.Path;
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
 * Certificate signing requests end to end, in one JVM: a real API server on a real etcd, secured as
 * deploy/up.sh runs it (TLS, client certificates, Node,RBAC), the controller manager's csrapproving and
 * csrsigning controllers as system:kube-controller-manager signing with the cluster CA (kubeadm's
 * --cluster-signing-cert-file), kavactl as the admin and the kubelet's certificate manager as its node.
 * An approved request is issued a certificate that verifies against the CA with the requested subject;
 * a denied one and one its signer refuses get none.
 */
class CertificateSigningIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  @TempDir
  static Path dir;
  private static EtcdProcessCluster etcd;
  private static ApiServerHarness api;
  private static X509Certificate ca;
  private static KubeadmSecurity security;
  private static ControllerManager manager;
  private static Thread managerThread;
  private static ResourceClient<CertificateSigningRequest> csrs;

  @BeforeAll
  static void start() throws Exception {
    etcd = EtcdProcessCluster.start(1);
    security = KubeadmSecurity.in(dir.resolve("cluster"));
    api = ApiServerHarness.start(etcd.endpoints(), c -> c.withSecurity(security.config()));
    security.serving(api.target());
    Path cert = dir.resolve("cluster/pki/ca.crt");
    Path key = dir.resolve("cluster/pki/ca.key");
    ca = Pem.readCertificate(cert);
    // The approving and signing controllers run in this JVM as system:kube-controller-manager.
    security.bindControllerRolesToTheManager();
    var managerClient = KavaClient.connect(KubeConfigLoader.load(security.kubeconfig("controller-manager")));
    manager = new ControllerManager(new ControllerManagerConfig(api.target(), false, "it", 1, Duration.ofSeconds(30)),
        managerClient, List.of(new ApprovingController(managerClient, Clock.systemUTC()),
            new SigningController(managerClient, new SigningConfig(cert, key, SigningConfig.DEFAULT_DURATION),
                Clock.systemUTC())));
    managerThread = new Thread(() -> {
      try {
        manager.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "controller-manager");
    managerThread.start();
    csrs = KavaClient.connect(security.admin()).resource(CertificateSigningRequest.class);
  }

  @AfterAll
  static void stop() throws Exception {
    if (manager != null) {
      manager.close();
      managerThread.join(10_000);
    }
    if (api != null) {
      api.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  private static String kavactl(String... args) {
    try (KavactlRun run = KavactlRun.capturing(security.admin())) {
      int code = run.run(args);
      assertThat(code).as(run.err()).isZero();
      return run.out();
    }
  }

  private static void create(String name, String signer, String commonName, String organization) {
    byte[] request = CertificateRequests.request(KeyAlgorithm.ECDSA_P256.generate(), commonName, List.of(organization));
    csrs.create(CertificateSigningRequest.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(CertificateSigningRequestSpec.newBuilder().setRequest(ByteString.copyFrom(request))
            .setSignerName(signer).addUsages("digital signature").addUsages("client auth").setExpirationSeconds(3600))
        .build());
  }

  @Test
  void anApprovedRequestIsIssuedACertificateOfTheCaWithTheRequestedSubject() throws Exception {
    create("jane", SigningRequests.KUBE_APISERVER_CLIENT, "jane", "dev");
    assertThat(kavactl("get", "csr", "jane")).contains("Pending");

    assertThat(kavactl("certificate", "approve", "jane"))
        .isEqualTo("certificatesigningrequest.certificates.k8s.io/jane approved\n");

    ByteString pem = await().atMost(TIMEOUT).until(() -> csrs.get("", "jane").getStatus().getCertificate(),
        c -> !c.isEmpty());
    X509Certificate cert = Pem.certificate(pem.toStringUtf8());
    cert.verify(ca.getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=jane,O=dev");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant())).isBetween(Duration.ofMinutes(55),
        Duration.ofMinutes(61));
    assertThat(kavactl("get", "csr", "jane")).contains("Approved,Issued");
  }

  @Test
  void deniedAndRefusedRequestsGetNoCertificate() {
    create("denied", SigningRequests.KUBE_APISERVER_CLIENT, "mallory", "system:masters");
    assertThat(kavactl("certificate", "deny", "denied"))
        .isEqualTo("certificatesigningrequest.certificates.k8s.io/denied denied\n");
    // A kubelet client certificate must name a node: the signer marks it Failed instead of signing.
    create("not-a-node", SigningRequests.KUBE_APISERVER_CLIENT_KUBELET, "mallory", "system:nodes");
    kavactl("certificate", "approve", "not-a-node");

    CertificateSigningRequest failed = await().atMost(TIMEOUT).until(() -> csrs.get("", "not-a-node"),
        c -> SigningRequests.hasCondition(c, SigningRequests.FAILED));
    assertThat(failed.getStatus().getConditionsList()).anySatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("SignerValidationFailure");
      assertThat(c.getMessage()).isEqualTo("subject common name does not begin with 'system:node:'");
    });
    assertThat(failed.getStatus().getCertificate()).isEmpty();
    // The signer has handled a later request by now; the denied one still has no certificate.
    create("later", SigningRequests.KUBE_APISERVER_CLIENT, "later", "dev");
    kavactl("certificate", "approve", "later");
    await().atMost(TIMEOUT).until(() -> !csrs.get("", "later").getStatus().getCertificate().isEmpty());
    assertThat(csrs.get("", "denied").getStatus().getCertificate()).isEmpty();
    assertThat(kavactl("get", "csr", "denied", "not-a-node")).contains("Denied").contains("Approved,Failed");
  }

  @Test
  void theKubeletsCertificateManagerGetsItsCertificateThroughAnAutomaticallyApprovedRequest() throws Exception {
    Path certDir = dir.resolve("kubelet-pki");
    // The kubelet asks with its own node's credentials: the approver approves a node renewing itself (selfnodeclient).
    try (KavaClient node = KavaClient.connect(security.user("system:node:node-1", "system:nodes"));
        CertificateManager rotation = CertificateManager.client("node-1",
        new CertificateStore(certDir, Clock.systemUTC()),
        new ApiCertificateSigner(node.resource(CertificateSigningRequest.class), Duration.ofMillis(100)),
        TIMEOUT, Clock.systemUTC(), Math::random)) {
      rotation.start();

      KeyMaterial issued = await().atMost(TIMEOUT).until(rotation::current, Optional::isPresent).get();
      issued.certificate().verify(ca.getPublicKey());
      assertThat(issued.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=system:node:node-1,O=system:nodes");
      KeyMaterial onDisk = new CertificateStore(certDir, Clock.systemUTC()).current().orElseThrow();
      assertThat(onDisk.certificate()).isEqualTo(issued.certificate());
      assertThat(rotation.deadline()).isAfter(Instant.now().plus(Duration.ofDays(200)));
    }
  }
}
