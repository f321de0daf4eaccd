package io.kava.apiserver.auth;

import io.kava.client.pki.CertificateSubject;
import io.kava.client.pki.CertificateVerifier;
import io.kava.client.pki.PkiException;
import java.util.Optional;

/**
 * Client certificates signed by the --client-ca-file CA, as upstream's x509 authenticator: the
 * subject's CN is the user, each O a group. The TLS layer only asks for a certificate; this is where it
 * is verified, so an expired or foreign one is UNAUTHENTICATED (upstream's 401), not a broken handshake.
 */
public final class X509Authenticator implements Authenticator {
  private final CertificateVerifier verifier;

  public X509Authenticator(CertificateVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Optional<UserInfo> authenticate(Credentials credentials) {
    if (credentials.clientCertificates().isEmpty()) {
      return Optional.empty();
    }
    try {
      verifier.verifyClient(credentials.clientCertificates().get(0));
    } catch (PkiException e) {
      throw new AuthenticationException("Unauthorized: " + e.getMessage());
    }
    CertificateSubject subject = CertificateSubject.of(credentials.clientCertificates().get(0));
    if (subject.commonName().isEmpty()) {
      throw new AuthenticationException("Unauthorized: the client certificate has no common name");
    }
    return Optional.of(UserInfo.of(subject.commonName(), subject.organizations().toArray(String[]::new)));
  }
}
