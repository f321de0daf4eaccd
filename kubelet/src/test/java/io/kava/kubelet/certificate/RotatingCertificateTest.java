package io.kava.kubelet.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingCertificateTest {
  private final CertificateAuthority ca = CertificateAuthority.create("kubernetes");
  private final IssuedCertificate kubeconfigs = issue();
  @TempDir Path dir;

  private IssuedCertificate issue() {
    return ca.issue(CertificateProfile.client("system:node:n1", List.of("system:nodes")));
  }

  private static KeyMaterial material(IssuedCertificate c) {
    return KeyMaterial.of(c.certificatePem().getBytes(StandardCharsets.US_ASCII), c.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void startsWithTheKubeconfigsCertificateWhileTheCertDirHasNone() {
    assertThat(RotatingCertificate.client(new CertificateStore(dir, Clock.systemUTC()), kubeconfigs).get()).isSameAs(kubeconfigs);
  }

  @Test
  void startsWithTheCertDirsCurrentCertificateWhenThereIsOne() {
    IssuedCertificate rotated = issue();
    CertificateStore store = new CertificateStore(dir, Clock.systemUTC());
    store.update(material(rotated));
    assertThat(RotatingCertificate.client(store, kubeconfigs).get().certificate()).isEqualTo(rotated.certificate());
  }

  @Test
  void aRotationIsTheNextConnectionsAndSendsTheChannelIdle() {
    RotatingCertificate connection = RotatingCertificate.client(new CertificateStore(dir, Clock.systemUTC()), kubeconfigs);
    RecordingChannel channel = new RecordingChannel();
    IssuedCertificate rotated = issue();
    connection.rotated(material(rotated), channel);
    assertThat(connection.get().certificate()).isEqualTo(rotated.certificate());
    assertThat(connection.get().privateKey()).isEqualTo(rotated.privateKey());
    assertThat(channel.idled).isEqualTo(1);
  }

  @Test
  void theFilesPairIsServedUntilTheFirstIsIssuedAndWithoutFilesNothingIs() {
    IssuedCertificate files = servingCertificate();
    assertThat(RotatingCertificate.serving(CertificateStore.serving(dir, Clock.systemUTC()), files).get()).isSameAs(files);
    assertThat(RotatingCertificate.serving(CertificateStore.serving(dir, Clock.systemUTC()), null).get()).isNull();
  }

  @Test
  void aStoredServingCertificateWinsAndARotationReplacesIt() {
    IssuedCertificate stored = servingCertificate();
    CertificateStore store = CertificateStore.serving(dir, Clock.systemUTC());
    store.update(material(stored));
    // The client certificate's store beside it is another file.
    assertThat(new CertificateStore(dir, Clock.systemUTC()).current()).isEmpty();
    RotatingCertificate serving = RotatingCertificate.serving(store, servingCertificate());
    assertThat(serving.get().certificate()).isEqualTo(stored.certificate());

    IssuedCertificate rotated = servingCertificate();
    serving.rotated(material(rotated));
    assertThat(serving.get().certificate()).isEqualTo(rotated.certificate());
    assertThat(serving.get().privateKey()).isEqualTo(rotated.privateKey());
  }
  private IssuedCertificate servingCertificate() {
    return ca.issue(CertificateProfile.server("system:node:n1", List.of("n1"), List.of("127.0.0.11")));
  }

  /** Counts enterIdle(); nothing is ever sent on it. */
  private static final class RecordingChannel extends ManagedChannel {
    int idled;

    @Override
    public void enterIdle() {
      idled++;
    }

    @Override
    public ManagedChannel shutdown() {
      return this;
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public ManagedChannel shutdownNow() {
      return this;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String authority() {
      return "test";
    }
  }
}
