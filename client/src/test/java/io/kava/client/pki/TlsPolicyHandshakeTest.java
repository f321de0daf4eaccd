package io.kava.client.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real TLS handshakes on loopback against a gRPC (Netty) server built by {@link TlsContexts} with a
 * {@link TlsPolicy}: a JSSE client offers exactly one version and suite, and the server takes or refuses it.
 */
class TlsPolicyHandshakeTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("kubernetes");
  private static final IssuedCertificate SERVING =
      CA.issue(CertificateProfile.server("kube-apiserver", List.of("localhost"), List.of("127.0.0.1")));
  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void aClientOfferingOnlyASuiteOutsideTheListIsRefusedAndOneInItIsServed() throws Exception {
    serve(TlsPolicy.parse("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "VersionTLS12"));

    assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).isInstanceOf(SSLException.class);
    assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")).isEqualTo("TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
  }

  @Test
  void withoutAListGrpcsAeadSuitesAreServedAndACbcOnlyClientIsRefused() throws Exception {
    serve(TlsPolicy.defaults());

    assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).isEqualTo("TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")).isInstanceOf(SSLException.class);
  }

  @Test
  void aListOfTls12SuitesKeepsTls13AsUpstreamDoes() throws Exception {
    serve(TlsPolicy.parse("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "VersionTLS12"));

    assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo("TLSv1.3 TLS_AES_128_GCM_SHA256");
  }

  @Test
  void tls13OffersAllItsSuitesWhateverTheListSaysAsGoDoes() throws Exception {
    serve(TlsPolicy.parse("TLS_AES_256_GCM_SHA384", "VersionTLS12"));

    assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo("TLSv1.3 TLS_AES_128_GCM_SHA256");
    // The list names no TLS 1.2 suite, so TLS 1.2 has none (Go's behaviour for such a list).
    assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).isInstanceOf(SSLException.class);
  }

  @Test
  void minVersionTls13RefusesATls12OnlyClient() throws Exception {
    serve(TlsPolicy.parse("", "VersionTLS13"));

    assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).isInstanceOf(SSLException.class);
    assertThat(handshake("TLSv1.3", "TLS_AES_256_GCM_SHA384")).isEqualTo("TLSv1.3 TLS_AES_256_GCM_SHA384");
  }

  @Test
  void minVersionTls12ServesBoth() throws Exception {
    serve(TlsPolicy.parse("", "VersionTLS12"));

    assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")).startsWith("TLSv1.2 ");
    assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).startsWith("TLSv1.3 ");
  }

  private void serve(TlsPolicy policy) throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(TlsContexts.requestingServer(SERVING, List.of(), policy))
        .build().start();
  }

  /** The negotiated "protocol suite" of a client that offers only {@code protocol} and {@code suite}. */
  private String handshake(String protocol, String suite) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", CA.certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.getPort())) {
      socket.setSoTimeout(5000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setProtocols(new String[] {protocol});
      parameters.setCipherSuites(new String[] {suite});
      parameters.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
    }
  }
}
