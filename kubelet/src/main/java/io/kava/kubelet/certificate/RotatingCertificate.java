package io.kava.kubelet.certificate;

import io.grpc.ManagedChannel;
import io.kava.client.pki.IssuedCertificate;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the kubelet's certificates under rotation, handed to TLS as a supplier so that every new
 * connection presents the newest: at first the newest one in --cert-dir, else the one it was configured
 * with until the first is issued (or none). Two of them exist:
 * <ul>
 *   <li>the client certificate of the API connection (KavaClient.connect(config, this)), whose channel is
 *       sent idle at each rotation so that the next calls open a new connection that presents it, as
 *       upstream's kubelet closes its connections when its certificate manager rotates (calls in flight
 *       finish on the old one);</li>
 *   <li>the serving certificate of --rotate-server-certificates, read at every TLS handshake of the
 *       kubelet's listener (TlsContexts.rotatingServer); without one handshakes fail, as upstream's "no
 *       serving certificate available for the kubelet". Open connections keep theirs.</li>
 * </ul>
 */
public final class RotatingCertificate implements Supplier<IssuedCertificate> {
  private static final Logger log = LoggerFactory.getLogger(RotatingCertificate.class);
  private final String use;
  private final AtomicReference<IssuedCertificate> current;

  private RotatingCertificate(String use, CertificateStore store, IssuedCertificate configured) {
    this.use = use;
    this.current = new AtomicReference<>(store.current().map(RotatingCertificate::issued).orElse(configured));
  }

  /** kubeconfigs: the client certificate the kubeconfig names. */
  public static RotatingCertificate client(CertificateStore store, IssuedCertificate kubeconfigs) {
    return new RotatingCertificate("client", store, kubeconfigs);
  }

  /** files: the --tls-cert-file pair, or null. */
  public static RotatingCertificate serving(CertificateStore store, IssuedCertificate files) {
    return new RotatingCertificate("serving", store, files);
  }

  @Override
  public IssuedCertificate get() {
    return current.get();
  }

  /** The listener to give the serving CertificateManager.onRotate: new connections get the new one. */
  public void rotated(KeyMaterial material) {
    current.set(issued(material));
    log.info("New connections now present the rotated {} certificate (serial {})", use,
        material.certificate().getSerialNumber().toString(16));
  }

  /** The listener to give the client CertificateManager.onRotate: the channel reconnects with the new one. */
  public void rotated(KeyMaterial material, ManagedChannel channel) {
    rotated(material);
    channel.enterIdle();
  }

  private static IssuedCertificate issued(KeyMaterial material) {
    return new IssuedCertificate(material.certificate(), material.key());
  }
}
