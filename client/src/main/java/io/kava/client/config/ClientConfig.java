package io.kava.client.config;

import io.kava.client.pki.IssuedCertificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How to reach and authenticate to the API server, resolved from a kubeconfig (client-go's rest.Config):
 * the server ("host:port", or a comma-separated list), the CAs its serving certificate is checked
 * against, and the client's credentials (a certificate and key, a bearer token, both or neither). An
 * empty CA list with {@code tls} true trusts the JVM's default CAs.
 */
public record ClientConfig(String server, boolean tls, List<X509Certificate> certificateAuthorities,
    IssuedCertificate clientCertificate, String bearerToken) {

  public ClientConfig {
    certificateAuthorities = List.copyOf(certificateAuthorities);
  }

  /** No TLS and no credentials: the in-process and plaintext test servers. */
  public static ClientConfig plaintext(String server) {
    return new ClientConfig(server, false, List.of(), null, null);
  }

  public ClientConfig withServer(String newServer) {
    return new ClientConfig(newServer, tls, certificateAuthorities, clientCertificate, bearerToken);
  }
}
