package io.kava.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.apiserver.BackendTlsConfig;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.pki.ClusterCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd as kubeadm runs it (real etcd process): TLS on client and peer URLs with --client-cert-auth. A
 * plaintext client and a TLS client without a certificate get nothing; the API server's
 * --etcd-cafile/--etcd-certfile/--etcd-keyfile store and read. (A whole API server on etcd over TLS:
 * the kubelet's KubeletAuthIT, which needs one anyway.)
 */
class EtcdTlsIT {
  @TempDir static Path dir;
  static Path pki;
  static EtcdProcessCluster etcd;

  @BeforeAll
  static void start() {
    new ClusterCertificates(dir).ensureEtcd();
    pki = dir.resolve("pki");
    etcd = EtcdProcessCluster.start(1, pki);
  }

  @AfterAll
  static void stop() {
    etcd.close();
  }

  static BackendTlsConfig.ClientTls apiServerClient() {
    return new BackendTlsConfig.ClientTls(pki.resolve("etcd/ca.crt"), pki.resolve("apiserver-etcd-client.crt"),
        pki.resolve("apiserver-etcd-client.key"));
  }

  @Test
  void theApiServersClientCertificateStoresAndReads() {
    try (EtcdStorage storage = tlsStorage(apiServerClient())) {
      storage.create("/registry/configmaps/default/over-tls", "v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(storage.get("/registry/configmaps/default/over-tls")).isPresent();
    }
  }

  @Test
  void aPlaintextClientIsRefused() {
    URI plaintext = URI.create(etcd.endpoints().get(0).toString().replace("https://", "http://"));
    try (EtcdStorage storage = new EtcdStorage(List.of(plaintext), Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> storage.get("/registry/namespaces/default")).isInstanceOf(StorageException.class);
    }
  }

  @Test
  void aTlsClientWithoutCertificateIsRefused() {
    try (EtcdStorage storage = tlsStorage(new BackendTlsConfig.ClientTls(pki.resolve("etcd/ca.crt"), null, null))) {
      assertThatThrownBy(() -> storage.get("/registry/namespaces/default")).isInstanceOf(StorageException.class);
    }
  }

  @Test
  void httpUrlsWithCertificatesAreAClearError() {
    assertThatThrownBy(() -> EtcdTls.https(List.of(URI.create("https://127.0.0.1:1"), URI.create("http://127.0.0.1:2"))))
        .hasMessageContaining("every URL must be https:// or none");
  }

  private static EtcdStorage tlsStorage(BackendTlsConfig.ClientTls tls) {
    return new EtcdStorage(etcd.endpoints(), Duration.ofSeconds(1), EtcdTls.context(tls, etcd.endpoints()));
  }
}
