package io.kava.client.pki;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority: its self-signed certificate and key, and the issuing of certificates
 * signed by it (kubeadm's ca.crt/ca.key). Issued certificates get a random 128-bit serial, start a
 * minute in the past (clock skew between processes), and carry SANs and extended key usages from
 * their {@link CertificateProfile}.
 */
public final class CertificateAuthority {
    /** kubeadm's CA validity. */
    public static final Duration TEN_YEARS = Duration.ofDays(3650);
    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate ca;
    private final KeyAlgorithm keyAlgorithm;
    private final Clock clock;

    private CertificateAuthority(IssuedCertificate ca, Clock clock) {
        this.ca = ca;
        this.keyAlgorithm = KeyAlgorithm.of(ca.privateKey());
        this.clock = clock;
    }

    /** A new CA with an ECDSA P-256 key, valid ten years. */
    public static CertificateAuthority create(String commonName) {
        return create(commonName, KeyAlgorithm.ECDSA_P256, TEN_YEARS, Clock.systemUTC());
    }

    public static CertificateAuthority create(String commonName, KeyAlgorithm algorithm, Duration validity, Clock clock) {
        KeyPair keys = algorithm.generate();
        Instant now = clock.instant();
        var subject = new CertificateSubject(commonName, List.of()).toX500Name();
        var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("Could not build the CA certificate " + commonName, e);
        }
        X509Certificate certificate = sign(builder, keys.getPrivate(), algorithm);
        return new CertificateAuthority(new IssuedCertificate(certificate, keys.getPrivate()), clock);
    }

    public static CertificateAuthority of(IssuedCertificate ca) {
        if (ca.certificate().getBasicConstraints() < 0) {
            throw new PkiException("Not a CA certificate: " + ca.subject().commonName());
        }
        return new CertificateAuthority(ca, Clock.systemUTC());
    }

    public static CertificateAuthority read(Path certificateFile, Path keyFile) {
        return of(IssuedCertificate.read(certificateFile, keyFile));
    }

    /** The same CA issuing with another clock (tests: certificates already expired, or not yet valid). */
    public CertificateAuthority withClock(Clock newClock) {
        return new CertificateAuthority(ca, newClock);
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    public PrivateKey privateKey() {
        return ca.privateKey();
    }

    /** The CA's own certificate and key, to write as ca.crt/ca.key. */
    public IssuedCertificate asIssued() {
        return ca;
    }

    /** A new ECDSA P-256 key and its certificate. */
    public IssuedCertificate issue(CertificateProfile profile) {
        KeyPair keys = KeyAlgorithm.ECDSA_P256.generate();
        return new IssuedCertificate(sign(keys.getPublic(), profile), keys.getPrivate());
    }

    /** A certificate for a key the caller holds (a CertificateSigningRequest's public key). */
    public X509Certificate sign(PublicKey subjectKey, CertificateProfile profile) {
        Instant now = clock.instant();
        var builder = new JcaX509v3CertificateBuilder(certificate(), serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(profile.validity())),
                new CertificateSubject(profile.commonName(), profile.organizations()).toX500Name(), subjectKey);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int keyUsage = KeyUsage.digitalSignature | ("RSA".equals(subjectKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            if (!profile.usages().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(profile));
            }
            GeneralNames alternativeNames = alternativeNames(profile);
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("Could not build the certificate " + profile.commonName(), e);
        }
        return sign(builder, privateKey(), keyAlgorithm);
    }

    private static ExtendedKeyUsage extendedKeyUsage(CertificateProfile profile) {
        return new ExtendedKeyUsage(profile.usages().stream()
                .sorted()
                .map(usage -> usage == CertificateProfile.Usage.SERVER_AUTH ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth)
                .toArray(KeyPurposeId[]::new));
    }

    private static GeneralNames alternativeNames(CertificateProfile profile) {
        List<GeneralName> names = new ArrayList<>();
        profile.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        profile.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer, KeyAlgorithm algorithm) {
        try {
            var contentSigner = new JcaContentSignerBuilder(algorithm.signatureAlgorithm()).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new PkiException("Could not sign a certificate", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }
}
