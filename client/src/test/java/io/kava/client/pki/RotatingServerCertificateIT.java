package io.kava.client.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gRPC server whose certificate rotates under it (the kubelet's with --rotate-server-certificates),
 * over real TLS on loopback: each new handshake gets the source's current certificate, and without one
 * the handshake fails.
 */
class RotatingServerCertificateIT {
  private final CertificateAuthority ca = CertificateAuthority.create("kubernetes");
  private final AtomicReference<IssuedCertificate> source = new AtomicReference<>();
  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  private int start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(TlsContexts.rotatingServer(source::get, List.of(ca.certificate()), false))
        .build().start();
    return server.getPort();
  }

  /** The certificate a fresh TLS connection is shown (no session resumption: a new context each time). */
  private X509Certificate presented(int port) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private IssuedCertificate serving() {
    return ca.issue(CertificateProfile.server("system:node:n1", List.of("n1"), List.of("127.0.0.1")));
  }

  @Test
  void eachNewConnectionIsShownTheCurrentCertificate() throws Exception {
    IssuedCertificate first = serving();
    IssuedCertificate second = serving();
    source.set(first);
    int port = start();
    assertThat(presented(port).getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());
    source.set(second);
    assertThat(presented(port).getSerialNumber()).isEqualTo(second.certificate().getSerialNumber());
  }

  @Test
  void withoutACertificateYetTheHandshakeFails() throws Exception {
    int port = start();
    assertThatThrownBy(() -> presented(port)).isInstanceOf(javax.net.ssl.SSLException.class);
    source.set(serving());
    assertThat(presented(port).getSerialNumber()).isEqualTo(source.get().certificate().getSerialNumber());
  }
}
