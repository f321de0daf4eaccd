package io.kava.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.client.auth.BearerTokenFile;
import io.kava.client.pki.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** client-go's rest.InClusterConfig: the kubernetes Service's variables and the pod's ServiceAccount files. */
class InClusterConfigTest {
  private static final Map<String, String> POD_ENV = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");
  @TempDir Path dir;

  private void serviceAccountFiles() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("kubernetes");
    Files.writeString(dir.resolve("ca.crt"), io.kava.client.pki.Pem.encode(ca.certificate()));
    Files.writeString(dir.resolve("token"), "first.token.jwt\n");
    Files.writeString(dir.resolve("namespace"), "team");
  }

  @Test
  void theServiceAddressTheCaTheTokenFileAndThePodsNamespace() throws Exception {
    serviceAccountFiles();
    InClusterConfig in = InClusterConfig.load(POD_ENV, dir);
    assertThat(in.config().server()).isEqualTo("10.96.0.1:443");
    assertThat(in.config().tls()).isTrue();
    assertThat(in.config().certificateAuthorities()).hasSize(1);
    assertThat(in.config().bearerToken()).as("sent from the file with each call").isNull();
    assertThat(in.tokenFile()).isEqualTo(dir.resolve("token"));
    assertThat(in.namespace()).contains("team");
    assertThat(InClusterConfig.load(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "443"), dir)
        .config().server()).isEqualTo("[fd00::1]:443");
  }

  @Test
  void outsideAPodItSaysWhatIsMissing() throws Exception {
    assertThat(InClusterConfig.possible(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"))).isFalse();
    assertThatThrownBy(() -> InClusterConfig.load(Map.of(), dir)).hasMessage(
        "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
    assertThatThrownBy(() -> InClusterConfig.load(POD_ENV, dir))
        .hasMessage("open " + dir.resolve("token") + ": no such file or directory");
  }

  @Test
  void theTokenIsReadAgainWhenTheKubeletRewroteIt() throws Exception {
    serviceAccountFiles();
    BearerTokenFile token = new BearerTokenFile(dir.resolve("token"));
    assertThat(token.token()).isEqualTo("first.token.jwt");
    Files.writeString(dir.resolve("token"), "second.token.jwt");
    Files.setLastModifiedTime(dir.resolve("token"), FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(token.token()).isEqualTo("second.token.jwt");
    Files.writeString(dir.resolve("token"), "");
    Files.setLastModifiedTime(dir.resolve("token"), FileTime.from(Instant.now().plusSeconds(10)));
    assertThatThrownBy(token::token).hasMessageContaining("is empty");
  }
}
