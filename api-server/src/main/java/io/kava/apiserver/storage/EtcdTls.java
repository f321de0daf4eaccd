package io.kava.apiserver.storage;

import io.grpc.netty.GrpcSslContexts;
import io.kava.apiserver.BackendTlsConfig;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.Pem;
import io.kava.client.pki.PkiException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The TLS context of the API server's etcd client (jetcd's Netty, not gRPC's shaded one): etcd's serving
 * certificate checked against --etcd-cafile, and the --etcd-certfile/--etcd-keyfile pair presented to
 * etcd's --client-cert-auth. Empty when none of the three flags is given (plaintext, as tests run it).
 */
public final class EtcdTls {
  private EtcdTls() {}

  /** TLS when the endpoints are https:// (the JVM's CAs without --etcd-cafile), none for http://. */
  public static Optional<SslContext> context(BackendTlsConfig.ClientTls config, List<URI> endpoints) {
    if (!https(endpoints)) {
      return Optional.empty();
    }
    SslContextBuilder builder = GrpcSslContexts.forClient();
    if (config.caFile() != null) {
      builder.trustManager(Pem.readCertificates(config.caFile()).toArray(X509Certificate[]::new));
    }
    if (config.certFile() != null) {
      IssuedCertificate client = IssuedCertificate.read(config.certFile(), config.keyFile());
      builder.keyManager(client.privateKey(), client.certificate());
    }
    try {
      return Optional.of(builder.build());
    } catch (SSLException e) {
      throw new PkiException("Could not set up TLS to etcd", e);
    }
  }

  /** Whether the endpoints are https://; a mix of schemes is refused, as one client has one transport. */
  public static boolean https(List<URI> endpoints) {
    long secure = endpoints.stream().filter(u -> "https".equalsIgnoreCase(u.getScheme())).count();
    if (secure != 0 && secure != endpoints.size()) {
      throw new IllegalArgumentException("--etcd-servers: every URL must be https:// or none, got " + endpoints);
    }
    return secure > 0;
  }
}
