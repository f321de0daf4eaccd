package io.kava.kubelet.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.RequestedCertificate;
import io.kava.client.certificates.TestCa;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.Pem;
import io.kava.client.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation of the kubelet's client and serving certificates: the deadline, the request made, the files written. */
class CertificateManagerTest {
  private static final TestCa CA = TestCa.create("cluster-ca");
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @TempDir
  Path dir;

  private final List<RequestedCertificate> requests = new ArrayList<>();
  private final MutableClock clock = new MutableClock(T0);

  /** Signs every request for 10 hours from the clock's now, and remembers what was asked. */
  private final CertificateSigner signer = (request, timeout) -> {
    requests.add(CertificateRequests.parse(request));
    return CA.sign(request, clock, Duration.ofHours(10));
  };

  @Test
  void theDeadlineIsBetween70And90PercentOfTheLifetime() {
    Instant from = Instant.parse("2026-12-01T00:00:00Z");
    Instant to = from.plus(Duration.ofHours(100));
    assertThat(RotationDeadline.next(from, to, () -> 0.0)).isEqualTo(from.plus(Duration.ofHours(70)));
    assertThat(RotationDeadline.next(from, to, () -> 0.5)).isEqualTo(from.plus(Duration.ofHours(80)));
    assertThat(RotationDeadline.next(from, to, () -> 0.999999)).isBefore(from.plus(Duration.ofHours(90)));
  }

  @Test
  void withoutACertificateItAsksForOneAtOnce() throws Exception {
    CertificateManager manager = manager(0.5);

    assertThat(manager.current()).isEmpty();
    assertThat(manager.rotateIfDue()).isTrue();

    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.commonName()).isEqualTo("system:node:a");
      assertThat(r.organizations()).containsExactly("system:nodes");
    });
    KeyMaterial current = manager.current().orElseThrow();
    current.certificate().verify(CA.certificate().getPublicKey());
    assertThat(manager.deadline()).isEqualTo(eightyPercent(current));
  }

  @Test
  void itRotatesOnlyPastTheDeadlineAndWritesTheFilesTheKubeconfigNames() throws Exception {
    CertificateManager manager = manager(0.5);
    manager.rotateIfDue();
    KeyMaterial first = manager.current().orElseThrow();
    List<KeyMaterial> announced = new ArrayList<>();
    manager.onRotate(announced::add);

    clock.advance(Duration.ofHours(7).plusMinutes(58));
    assertThat(manager.rotateIfDue()).isFalse();
    clock.advance(Duration.ofMinutes(3));
    assertThat(manager.rotateIfDue()).isTrue();

    KeyMaterial second = manager.current().orElseThrow();
    assertThat(second.key()).isNotEqualTo(first.key());
    assertThat(announced).containsExactly(second);
    Path current = dir.resolve(CertificateStore.CURRENT);
    assertThat(Files.isSymbolicLink(current)).isTrue();
    assertThat(Files.getPosixFilePermissions(current)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    KeyMaterial stored = new CertificateStore(dir, clock).current().orElseThrow();
    assertThat(stored.certificate()).isEqualTo(second.certificate());
    assertThat(stored.key()).isEqualTo(second.key());
    // A restarted kubelet reads the current pair back and keeps its deadline's window.
    assertThat(manager(0.5).deadline()).isEqualTo(eightyPercent(second));
  }

  @Test
  void aRefusedRequestKeepsTheOldCertificate() throws Exception {
    CertificateManager manager = manager(0.5);
    manager.rotateIfDue();
    KeyMaterial first = manager.current().orElseThrow();
    clock.advance(Duration.ofHours(9));
    CertificateManager refused = CertificateManager.client("a", new CertificateStore(dir, clock),
        (request, timeout) -> {
          throw new IllegalStateException("CertificateSigningRequest csr-x was denied");
        }, Duration.ofSeconds(1), clock, () -> 0.5);

    assertThatThrownBy(refused::rotateIfDue).hasMessageContaining("denied");
    assertThat(refused.current()).map(KeyMaterial::certificate).contains(first.certificate());
  }

  /** The deadline with the jitter at its middle: 80 % of the lifetime. */
  private static Instant eightyPercent(KeyMaterial m) {
    Instant from = m.certificate().getNotBefore().toInstant();
    return from.plusMillis(Math.round(Duration.between(from, m.certificate().getNotAfter().toInstant()).toMillis() * 0.8));
  }

  private CertificateManager manager(double jitter) {
    return CertificateManager.client("a", new CertificateStore(dir, clock), signer, Duration.ofSeconds(1), clock,
        () -> jitter);
  }

  private CertificateManager servingManager(List<String> ips) {
    return new CertificateManager(CertificateTemplate.serving("a", List.of("a"), ips), CertificateStore.serving(dir, clock),
        servingSigner, Duration.ofSeconds(1), clock, () -> 0.5);
  }

  /** Signs as the cluster's kubelet-serving signer would: the request's names, server auth. */
  private final CertificateSigner servingSigner = (request, timeout) -> {
    RequestedCertificate req = CertificateRequests.parse(request);
    requests.add(req);
    X509Certificate cert = CA.authority().withClock(clock).sign(CertificateRequests.publicKey(request),
        CertificateProfile.server(req.commonName(), req.dnsNames(), req.ipAddresses()).withValidity(Duration.ofHours(10)));
    return Pem.encode(cert).getBytes(StandardCharsets.US_ASCII);
  };

  @Test
  void theServingCertificateNamesTheNodesAddressesAndLivesBesideTheClientOne() throws Exception {
    CertificateManager client = manager(0.5);
    client.rotateIfDue();
    CertificateManager serving = servingManager(List.of("127.0.0.11"));
    assertThat(serving.current()).isEmpty();
    assertThat(serving.rotateIfDue()).isTrue();

    assertThat(requests.get(1)).satisfies(r -> {
      assertThat(r.commonName()).isEqualTo("system:node:a");
      assertThat(r.organizations()).containsExactly("system:nodes");
      assertThat(r.dnsNames()).containsExactly("a");
      assertThat(r.ipAddresses()).containsExactly("127.0.0.11");
    });
    assertThat(Files.isSymbolicLink(dir.resolve(CertificateStore.SERVER_CURRENT))).isTrue();
    assertThat(CertificateStore.serving(dir, clock).current().orElseThrow().certificate())
        .isEqualTo(serving.current().orElseThrow().certificate());
    assertThat(new CertificateStore(dir, clock).current().orElseThrow().certificate())
        .isEqualTo(client.current().orElseThrow().certificate());
    // Restarted with the same address it waits for the deadline; with a new one it asks again at once.
    assertThat(servingManager(List.of("127.0.0.11")).rotateIfDue()).isFalse();
    assertThat(servingManager(List.of("127.0.0.12")).rotateIfDue()).isTrue();
    assertThat(requests.get(2).ipAddresses()).containsExactly("127.0.0.12");
  }

  @Test
  void eachTemplateAsksItsOwnSignerForItsOwnUsages() {
    CertificateTemplate serving = CertificateTemplate.serving("a", List.of("a"), List.of("127.0.0.11"));
    assertThat(serving.signerName()).isEqualTo("kubernetes.io/kubelet-serving");
    assertThat(serving.usages(true)).containsExactly("digital signature", "key encipherment", "server auth");
    assertThat(serving.usages(false)).containsExactly("digital signature", "server auth");
    CertificateTemplate client = CertificateTemplate.client("a");
    assertThat(client.signerName()).isEqualTo("kubernetes.io/kube-apiserver-client-kubelet");
    assertThat(client.usages(false)).containsExactly("digital signature", "client auth");
  }
}
