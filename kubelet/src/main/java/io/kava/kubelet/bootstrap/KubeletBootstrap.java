package io.kava.kubelet.bootstrap;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.KavaClient;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigException;
import io.kava.client.config.KubeConfigLoader;
import io.kava.client.config.KubeConfigWriter;
import io.kava.client.pki.ClusterCertificates;
import io.kava.client.pki.KeyAlgorithm;
import io.kava.client.pki.Pem;
import io.kava.client.pki.PrivateFiles;
import io.kava.kubelet.certificate.ApiCertificateSigner;
import io.kava.kubelet.certificate.CertificateStore;
import io.kava.kubelet.certificate.KeyMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's kubelet --bootstrap-kubeconfig (pkg/kubelet/certificate/bootstrap LoadClientCert): while
 * --kubeconfig holds no valid client certificate, the bootstrap credentials (a bootstrap token) create a
 * CSR for system:node:NAME / O=system:nodes with a key made here and kept in --cert-dir (0600; reused
 * after a restart, and the CSR's name node-csr-... derives from it, so a restarted kubelet waits for the
 * same request), wait for it to be approved and issued, store the pair as kubelet-client-current.pem
 * (CertificateStore) and write --kubeconfig naming that file. From then on the kubelet starts with
 * --kubeconfig and --rotate-certificates renews the file.
 */
public final class KubeletBootstrap {
  private static final Logger log = LoggerFactory.getLogger(KubeletBootstrap.class);
  /** Where the key waits for its certificate (upstream's name). */
  static final String PENDING_KEY = "kubelet-client.key.tmp";
  /** Its CSR, kept beside it (the CSR carries the public key, which a key file alone does not give back). */
  static final String PENDING_REQUEST = "kubelet-client.csr.tmp";

  private final Path bootstrapKubeconfig;
  private final Path kubeconfig;
  private final Path certDir;
  private final String nodeName;
  private final Duration timeout;
  private final Clock clock;

  public KubeletBootstrap(Path bootstrapKubeconfig, Path kubeconfig, Path certDir, String nodeName, Duration timeout,
      Clock clock) {
    this.bootstrapKubeconfig = bootstrapKubeconfig;
    this.kubeconfig = kubeconfig;
    this.certDir = certDir;
    this.nodeName = nodeName;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Makes sure --kubeconfig holds a valid client certificate; returns whether a new one was requested. */
  public boolean ensure() throws InterruptedException {
    Optional<Instant> valid = validUntil(kubeconfig, clock);
    if (valid.isPresent()) {
      log.info("Found a valid client certificate in {} (until {}): no bootstrap needed", kubeconfig, valid.get());
      return false;
    }
    ClientConfig bootstrap = KubeConfigLoader.load(bootstrapKubeconfig);
    X509Certificate ca = bootstrap.certificateAuthorities().stream().findFirst().orElseThrow(() ->
        new KubeConfigException("the bootstrap kubeconfig " + bootstrapKubeconfig + " names no certificate authority"));
    CertificateStore store = new CertificateStore(certDir, clock);
    Optional<KeyMaterial> current = store.current().filter(m -> clock.instant().isBefore(m.certificate().getNotAfter().toInstant()));
    if (current.isPresent()) {
      log.info("Found a valid client certificate in {}: wrote {} naming it", store.currentPath(), kubeconfig);
      writeKubeconfig(bootstrap.server(), ca, store.currentPath());
      return false;
    }
    log.info("Requesting a client certificate for node {} with the bootstrap credentials of {}", nodeName, bootstrapKubeconfig);
    PrivateKey key = pendingKey();
    byte[] request = readPending(PENDING_REQUEST);
    String name = csrName(request);
    byte[] certificate;
    try (KavaClient client = KavaClient.connect(bootstrap)) {
      certificate = new ApiCertificateSigner(client.resource(CertificateSigningRequest.class), Duration.ofMillis(500))
          .sign(name, request, timeout);
    }
    KeyMaterial material = KeyMaterial.of(certificate, Pem.encode(key).getBytes(StandardCharsets.US_ASCII));
    store.update(material);
    deletePendingKey();
    writeKubeconfig(bootstrap.server(), ca, store.currentPath());
    log.info("Bootstrapped the client certificate of node {} (CertificateSigningRequest {}, valid until {}): wrote {}",
        nodeName, name, material.certificate().getNotAfter().toInstant(), kubeconfig);
    return true;
  }

  /**
   * Until when the kubeconfig's client certificate is valid; empty when the file does not exist, does not
   * load, has no client certificate or an expired one (upstream's isClientConfigStillValid).
   */
  public static Optional<Instant> validUntil(Path kubeconfig, Clock clock) {
    if (!Files.exists(kubeconfig)) {
      return Optional.empty();
    }
    try {
      ClientConfig config = KubeConfigLoader.load(kubeconfig);
      if (config.clientCertificate() == null) {
        return Optional.empty();
      }
      X509Certificate cert = config.clientCertificate().certificate();
      Instant now = clock.instant();
      return now.isBefore(cert.getNotBefore().toInstant()) || !now.isBefore(cert.getNotAfter().toInstant())
          ? Optional.empty() : Optional.of(cert.getNotAfter().toInstant());
    } catch (RuntimeException e) {
      log.info("Could not use {}: {}", kubeconfig, e.getMessage());
      return Optional.empty();
    }
  }

  private void writeKubeconfig(String server, X509Certificate ca, Path certificate) {
    PrivateFiles.write(kubeconfig, KubeConfigWriter.certificateFiles(ClusterCertificates.CLUSTER_NAME, server, ca,
        SigningRequests.NODE_USER_PREFIX + nodeName, certificate, certificate));
  }

  /** The key (and its CSR) waiting in --cert-dir for a certificate, made now when there is none. */
  private PrivateKey pendingKey() {
    Path keyFile = certDir.resolve(PENDING_KEY);
    Path requestFile = certDir.resolve(PENDING_REQUEST);
    if (Files.exists(keyFile) && Files.exists(requestFile)) {
      try {
        PrivateKey key = Pem.readPrivateKey(keyFile);
        CertificateRequests.parse(readPending(PENDING_REQUEST));
        log.info("Reused the pending key {} and its request", keyFile);
        return key;
      } catch (RuntimeException e) {
        log.warn("Replaced the unreadable pending key {}: {}", keyFile, e.getMessage());
      }
    }
    KeyPair pair = KeyAlgorithm.ECDSA_P256.generate();
    PrivateFiles.write(keyFile, Pem.encode(pair.getPrivate()));
    PrivateFiles.write(requestFile, new String(CertificateRequests.request(pair, SigningRequests.NODE_USER_PREFIX + nodeName,
        List.of(SigningRequests.NODES_GROUP)), StandardCharsets.US_ASCII));
    return pair.getPrivate();
  }

  private byte[] readPending(String name) {
    try {
      return Files.readAllBytes(certDir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deletePendingKey() {
    try {
      Files.deleteIfExists(certDir.resolve(PENDING_KEY));
      Files.deleteIfExists(certDir.resolve(PENDING_REQUEST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** node-csr-<digest of the request> (upstream digests the key, subject and usages), stable for one key. */
  static String csrName(byte[] request) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512").digest(CertificateRequests.publicKey(request).getEncoded());
      return "node-csr-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 43)
          .replace('_', 'x').replace('-', 'y').toLowerCase(java.util.Locale.ROOT);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
