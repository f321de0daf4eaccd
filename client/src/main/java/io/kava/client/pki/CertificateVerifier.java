package io.kava.client.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;

/**
 * Verifies a client certificate against trusted CAs, as the API server's x509 authenticator does:
 * signed directly by one of them, within its validity, and usable for client auth. Failures carry
 * upstream's wording ("certificate has expired or is not yet valid", "certificate signed by unknown
 * authority").
 */
public final class CertificateVerifier {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final List<X509Certificate> trusted;
    private final Clock clock;

    public CertificateVerifier(List<X509Certificate> trusted, Clock clock) {
        this.trusted = List.copyOf(trusted);
        this.clock = clock;
    }

    public CertificateVerifier(List<X509Certificate> trusted) {
        this(trusted, Clock.systemUTC());
    }

    /** Returns normally for a good client certificate; throws {@link PkiException} saying why not. */
    public void verifyClient(X509Certificate certificate) {
        Date now = Date.from(clock.instant());
        try {
            certificate.checkValidity(now);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new PkiException("x509: certificate has expired or is not yet valid: current time " + clock.instant()
                    + " is outside " + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant());
        }
        if (trusted.stream().noneMatch(ca -> signedBy(certificate, ca, now))) {
            throw new PkiException("x509: certificate signed by unknown authority");
        }
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH)) {
                throw new PkiException("x509: certificate specifies an incompatible key usage");
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("x509: unreadable extended key usage", e);
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate ca, Date now) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            ca.checkValidity(now);
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
