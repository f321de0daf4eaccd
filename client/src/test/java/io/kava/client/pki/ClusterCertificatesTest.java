package io.kava.client.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCertificatesTest {
  @TempDir Path dir;

  @Test
  void createsTheClusterPkiOnceAndKeepsItAfterwards() throws Exception {
    ClusterCertificates certs = new ClusterCertificates(dir);
    certs.ensure(List.of("127.0.0.1", "kava.example"), "10.96.0.0/16", "127.0.0.1:6443",
        List.of(new ClusterCertificates.Node("node-1", "127.0.0.11")));
    String ca = Files.readString(dir.resolve("pki/ca.crt"));
    String admin = Files.readString(dir.resolve("admin.kubeconfig"));

    certs.ensure(List.of("127.0.0.1"), "10.96.0.0/16", "127.0.0.1:6443", List.of());

    assertThat(Files.readString(dir.resolve("pki/ca.crt"))).isEqualTo(ca);
    assertThat(Files.readString(dir.resolve("admin.kubeconfig"))).isEqualTo(admin);
    X509Certificate apiserver = Pem.readCertificate(dir.resolve("pki/apiserver.crt"));
    assertThat(apiserver.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
        .contains("127.0.0.1", "10.96.0.1", "kava.example", "kubernetes.default.svc.cluster.local");
    assertThat(Pem.readCertificate(dir.resolve("pki/kubelet-node-1-serving.crt")).getSubjectAlternativeNames())
        .extracting(n -> (Object) n.get(1)).contains("127.0.0.11");
    assertThat(CertificateSubject.of(Pem.readCertificate(dir.resolve("pki/kubelet-node-1.crt"))))
        .isEqualTo(new CertificateSubject("system:node:node-1", List.of("system:nodes")));
    Pem.readCertificate(dir.resolve("pki/apiserver-etcd-client.crt")).verify(Pem.readCertificate(dir.resolve("pki/etcd/ca.crt")).getPublicKey());
    for (String key : List.of("pki/ca.key", "pki/etcd/ca.key", "pki/apiserver.key", "admin.kubeconfig")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).as(key).isEqualTo("rw-------");
    }
  }

  @Test
  void theAdminKubeconfigNamesTheServerTheCaAndTheAdminCertificate() {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443", List.of());
    ClientConfig admin = KubeConfigLoader.load(dir.resolve("admin.kubeconfig"));
    assertThat(admin.server()).isEqualTo("127.0.0.1:6443");
    assertThat(admin.tls()).isTrue();
    assertThat(admin.certificateAuthorities()).containsExactly(Pem.readCertificate(dir.resolve("pki/ca.crt")));
    assertThat(admin.clientCertificate().subject())
        .isEqualTo(new CertificateSubject("kubernetes-admin", List.of("system:masters")));
  }

  @Test
  void aKubeconfigFollowsANewServerAndKeepsItsCertificate() throws Exception {
    ClusterCertificates certs = new ClusterCertificates(dir);
    certs.ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443", List.of());
    String crt = Files.readString(dir.resolve("pki/scheduler.crt"));

    certs.ensure(List.of(), "10.96.0.0/16", "127.0.0.1:7443,127.0.0.1:7444", List.of());

    ClientConfig scheduler = KubeConfigLoader.load(dir.resolve("scheduler.kubeconfig"));
    assertThat(scheduler.server()).isEqualTo("127.0.0.1:7443,127.0.0.1:7444");
    assertThat(Files.readString(dir.resolve("pki/scheduler.crt"))).isEqualTo(crt);
    assertThat(scheduler.clientCertificate().certificate()).isEqualTo(Pem.readCertificate(dir.resolve("pki/scheduler.crt")));
  }

  @Test
  void aUserKubeconfigCarriesACertificateOfTheClusterCaForThatUser() throws Exception {
    ClusterCertificates certs = new ClusterCertificates(dir);
    certs.ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443", List.of());

    ClientConfig viewer = KubeConfigLoader.parse(certs.userKubeconfig("127.0.0.1:6443", "jane", List.of("team")), dir, null);

    assertThat(viewer.clientCertificate().subject()).isEqualTo(new CertificateSubject("jane", List.of("team")));
    viewer.clientCertificate().certificate().verify(Pem.readCertificate(dir.resolve("pki/ca.crt")).getPublicKey());
    assertThat(Files.list(dir.resolve("pki")).map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("jane"));
  }
}
