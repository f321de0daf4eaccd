package io.kava.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kava.api.core.v1.Namespace;
import io.kava.apiserver.SecurityConfig;
import io.kava.apiserver.TlsConfig;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.ClusterCertificates;
import io.kava.client.pki.IssuedCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server over TLS with --client-ca-file and --anonymous-auth=false, as deploy/up.sh runs it. */
class TlsAuthenticationIT {
  @TempDir static Path dir;
  static ApiServerHarness api;
  static ClientConfig admin;

  @BeforeAll
  static void start() {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:6443", List.of());
    Path pki = dir.resolve("pki");
    api = ApiServerHarness.start(EtcdContainer.shared(), c -> c.withSecurity(SecurityConfig.defaults()
        .withAnonymousAuth(false)
        .withTls(new TlsConfig(pki.resolve("apiserver.crt"), pki.resolve("apiserver.key"), pki.resolve("ca.crt")))));
    admin = KubeConfigLoader.load(dir.resolve("admin.kubeconfig")).withServer(api.target());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void theAdminKubeconfigWorks() {
    try (KavaClient client = KavaClient.connect(admin)) {
      assertThat(client.resource(Namespace.class).list(ListOptions.all()).items())
          .extracting(n -> n.getMetadata().getName()).contains("default");
    }
  }

  @Test
  void aCallWithoutCredentialsIsUnauthenticated() {
    assertRefused(new ClientConfig(api.target(), true, admin.certificateAuthorities(), null, null), Status.Code.UNAUTHENTICATED,
        "anonymous requests are refused");
  }

  @Test
  void aCertificateOfAnotherCaIsUnauthenticated() {
    IssuedCertificate foreign = CertificateAuthority.create("kubernetes")
        .issue(CertificateProfile.client("kubernetes-admin", List.of("system:masters")));
    assertRefused(new ClientConfig(api.target(), true, admin.certificateAuthorities(), foreign, null), Status.Code.UNAUTHENTICATED,
        "signed by unknown authority");
  }

  @Test
  void anExpiredCertificateIsUnauthenticated() {
    CertificateAuthority ca = CertificateAuthority.read(dir.resolve("pki/ca.crt"), dir.resolve("pki/ca.key"))
        .withClock(Clock.fixed(Instant.now().minus(Duration.ofDays(400)), ZoneOffset.UTC));
    IssuedCertificate expired = ca.issue(CertificateProfile.client("kubernetes-admin", List.of("system:masters")));
    assertRefused(new ClientConfig(api.target(), true, admin.certificateAuthorities(), expired, null), Status.Code.UNAUTHENTICATED,
        "expired");
  }

  @Test
  void plaintextIsRefused() {
    assertRefused(ClientConfig.plaintext(api.target()), Status.Code.UNAVAILABLE, "");
  }

  private static void assertRefused(ClientConfig config, Status.Code code, String message) {
    try (KavaClient owner = KavaClient.connect(config)) {
      KavaClient client = owner.withDeadline(Duration.ofSeconds(5));
      assertThatThrownBy(() -> client.resource(Namespace.class).list(ListOptions.all()))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code))
          .hasMessageContaining(message);
    }
  }
}
