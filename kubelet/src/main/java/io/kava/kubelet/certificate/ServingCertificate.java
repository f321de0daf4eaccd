package io.kava.kubelet.certificate;

import io.kava.client.pki.IssuedCertificate;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's serving certificate with --rotate-server-certificates, read at every TLS handshake of its
 * listener (TlsContexts.rotatingServer): the newest one in --cert-dir, else the --tls-cert-file pair until
 * the first is issued, else none (handshakes fail until then, as upstream's "no serving certificate
 * available for the kubelet"). After each rotation new connections get the new one; open ones keep theirs.
 */
public final class ServingCertificate implements Supplier<IssuedCertificate> {
  private static final Logger log = LoggerFactory.getLogger(ServingCertificate.class);
  private final AtomicReference<IssuedCertificate> current;

  /** files: the --tls-cert-file pair, or null. */
  public ServingCertificate(CertificateStore store, IssuedCertificate files) {
    this.current = new AtomicReference<>(store.current().map(ConnectionCertificate::issued).orElse(files));
  }

  @Override
  public IssuedCertificate get() {
    return current.get();
  }

  /** The listener to give the serving CertificateManager.onRotate. */
  public void rotated(KeyMaterial material) {
    current.set(ConnectionCertificate.issued(material));
    log.info("Serving new connections with the rotated serving certificate (serial {})",
        material.certificate().getSerialNumber().toString(16));
  }
}
