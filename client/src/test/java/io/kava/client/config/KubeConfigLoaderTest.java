package io.kava.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeConfigLoaderTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("kubernetes");

  @TempDir Path dir;

  @Test
  void filesNamedInTheConfigAreReadRelativeToItsFolder() throws Exception {
    IssuedCertificate alice = CA.issue(CertificateProfile.client("alice", List.of("dev")));
    alice.write(dir.resolve("certs"), "alice");
    CA.asIssued().write(dir.resolve("certs"), "ca");
    Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c1
          cluster: {server: "https://10.0.0.1:6443", certificate-authority: certs/ca.crt}
        - name: c2
          cluster: {server: "http://127.0.0.1:8080"}
        users:
        - name: alice
          user: {client-certificate: certs/alice.crt, client-key: certs/alice.key}
        - name: bob
          user: {token: s3cret}
        contexts:
        - name: one
          context: {cluster: c1, user: alice}
        - name: two
          context: {cluster: c2, user: bob}
        current-context: one
        """);

    ClientConfig one = KubeConfigLoader.load(dir.resolve("config"));
    assertThat(one.server()).isEqualTo("10.0.0.1:6443");
    assertThat(one.tls()).isTrue();
    assertThat(one.certificateAuthorities()).containsExactly(CA.certificate());
    assertThat(one.clientCertificate().certificate()).isEqualTo(alice.certificate());
    assertThat(one.bearerToken()).isNull();

    ClientConfig two = KubeConfigLoader.load(dir.resolve("config"), "two");
    assertThat(two.server()).isEqualTo("127.0.0.1:8080");
    assertThat(two.tls()).isFalse();
    assertThat(two.clientCertificate()).isNull();
    assertThat(two.bearerToken()).isEqualTo("s3cret");
  }

  @Test
  void embeddedDataReadsAsTheWriterWroteIt() {
    IssuedCertificate admin = CA.issue(CertificateProfile.client("kubernetes-admin", List.of("system:masters")));
    String yaml = KubeConfigWriter.embedded("kava", "127.0.0.1:6443,127.0.0.1:6444", CA.certificate(), "kubernetes-admin", admin);
    ClientConfig config = KubeConfigLoader.parse(yaml, dir, null);
    assertThat(config.server()).isEqualTo("127.0.0.1:6443,127.0.0.1:6444");
    assertThat(config.clientCertificate().privateKey().getEncoded()).isEqualTo(admin.privateKey().getEncoded());
  }

  @Test
  void aMissingContextOrHalfACredentialIsOneClearLine() {
    String base = """
        clusters: [{name: c, cluster: {server: "h:1"}}]
        users: [{name: u, user: {client-certificate-data: eA==}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        """;
    assertThatThrownBy(() -> KubeConfigLoader.parse(base, dir, "nope"))
        .isInstanceOf(KubeConfigException.class).hasMessage("context \"nope\" was not found in the kubeconfig");
    assertThatThrownBy(() -> KubeConfigLoader.parse(base, dir, null)).hasMessage("the kubeconfig has no current-context");
    assertThatThrownBy(() -> KubeConfigLoader.parse(base, dir, "x"))
        .hasMessage("user \"u\" needs both client-certificate and client-key");
  }
}
