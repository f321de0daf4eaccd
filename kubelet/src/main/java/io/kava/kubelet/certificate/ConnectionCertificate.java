package io.kava.kubelet.certificate;

import io.grpc.ManagedChannel;
import io.kava.client.pki.IssuedCertificate;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client certificate of the kubelet's API connection (KavaClient.connect(config, this)): at first
 * the one in --cert-dir when there is one, else the kubeconfig's; after each rotation the new one, and the
 * channel is sent idle so that the next calls open a new connection that presents it, as upstream's
 * kubelet closes its connections when its certificate manager rotates (calls in flight finish on the old one).
 */
public final class ConnectionCertificate implements Supplier<IssuedCertificate> {
  private static final Logger log = LoggerFactory.getLogger(ConnectionCertificate.class);
  private final AtomicReference<IssuedCertificate> current;

  public ConnectionCertificate(CertificateStore store, IssuedCertificate kubeconfigs) {
    this.current = new AtomicReference<>(store.current().map(ConnectionCertificate::issued).orElse(kubeconfigs));
  }

  @Override
  public IssuedCertificate get() {
    return current.get();
  }

  /** The listener to give the client CertificateManager.onRotate. */
  public void rotated(KeyMaterial material, ManagedChannel channel) {
    current.set(issued(material));
    channel.enterIdle();
    log.info("Reconnecting to the API server with the rotated client certificate (serial {})",
        material.certificate().getSerialNumber().toString(16));
  }

  static IssuedCertificate issued(KeyMaterial material) {
    return new IssuedCertificate(material.certificate(), material.key());
  }
}
