package io.kava.apiserver.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What a request presented: a bearer token from its "authorization" header and the client certificate
 * chain of its TLS session (empty on plaintext or in-process transports).
 */
public record Credentials(Optional<String> bearerToken, List<X509Certificate> clientCertificates) {
  public Credentials {
    clientCertificates = List.copyOf(clientCertificates);
  }

  public static Credentials none() {
    return new Credentials(Optional.empty(), List.of());
  }

  public boolean isEmpty() {
    return bearerToken.isEmpty() && clientCertificates.isEmpty();
  }
}
