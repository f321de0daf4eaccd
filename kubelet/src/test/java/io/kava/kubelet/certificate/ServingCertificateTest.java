package io.kava.kubelet.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the kubelet's listener serves with --rotate-server-certificates, before and after a rotation. */
class ServingCertificateTest {
  private final CertificateAuthority ca = CertificateAuthority.create("kubernetes");
  @TempDir Path dir;

  private IssuedCertificate issue() {
    return ca.issue(CertificateProfile.server("system:node:n1", List.of("n1"), List.of("127.0.0.11")));
  }

  private static KeyMaterial material(IssuedCertificate c) {
    return KeyMaterial.of(c.certificatePem().getBytes(StandardCharsets.US_ASCII), c.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void theFilesPairIsServedUntilTheFirstIsIssuedAndWithoutFilesNothingIs() {
    IssuedCertificate files = issue();
    assertThat(new ServingCertificate(CertificateStore.serving(dir, Clock.systemUTC()), files).get()).isSameAs(files);
    assertThat(new ServingCertificate(CertificateStore.serving(dir, Clock.systemUTC()), null).get()).isNull();
  }

  @Test
  void aStoredServingCertificateWinsAndARotationReplacesIt() {
    IssuedCertificate stored = issue();
    CertificateStore store = CertificateStore.serving(dir, Clock.systemUTC());
    store.update(material(stored));
    // The client certificate's store beside it is another file.
    assertThat(new CertificateStore(dir, Clock.systemUTC()).current()).isEmpty();
    ServingCertificate serving = new ServingCertificate(store, issue());
    assertThat(serving.get().certificate()).isEqualTo(stored.certificate());

    IssuedCertificate rotated = issue();
    serving.rotated(material(rotated));
    assertThat(serving.get().certificate()).isEqualTo(rotated.certificate());
    assertThat(serving.get().privateKey()).isEqualTo(rotated.privateKey());
  }
}
