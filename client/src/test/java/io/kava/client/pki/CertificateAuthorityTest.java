package io.kava.client.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    // One CA for the class: key generation is the slow part.
    private static final CertificateAuthority CA = CertificateAuthority.create("kubernetes");

    @TempDir Path dir;

    @Test
    void theCaIsSelfSignedAndValidTenYears() throws Exception {
        X509Certificate ca = CA.certificate();
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(CertificateSubject.of(ca).commonName()).isEqualTo("kubernetes");
        Duration validity = Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant());
        assertThat(validity).isBetween(Duration.ofDays(3650), Duration.ofDays(3651));
    }

    @Test
    void aClientCertificateCarriesUserAndGroupsForOneYear() throws Exception {
        IssuedCertificate admin = CA.issue(CertificateProfile.client("kubernetes-admin", List.of("system:masters", "ops")));
        admin.certificate().verify(CA.certificate().getPublicKey());
        assertThat(admin.subject()).isEqualTo(new CertificateSubject("kubernetes-admin", List.of("system:masters", "ops")));
        assertThat(admin.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(admin.certificate().getBasicConstraints()).isEqualTo(-1);
        Duration validity = Duration.between(admin.certificate().getNotBefore().toInstant(), admin.certificate().getNotAfter().toInstant());
        assertThat(validity).isBetween(Duration.ofDays(365), Duration.ofDays(366));
    }

    @Test
    void aServingCertificateListsItsDnsNamesAndAddresses() throws Exception {
        IssuedCertificate server = CA.issue(CertificateProfile.server("kube-apiserver",
                List.of("localhost", "kubernetes.default.svc"), List.of("127.0.0.1", "10.96.0.1")));
        assertThat(server.certificate().getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactly((Object) "localhost", "kubernetes.default.svc", "127.0.0.1", "10.96.0.1");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void anRsaCaSignsWithRsa() throws Exception {
        CertificateAuthority rsa = CertificateAuthority.create("etcd-ca", KeyAlgorithm.RSA_2048,
                CertificateAuthority.TEN_YEARS, Clock.systemUTC());
        IssuedCertificate leaf = rsa.issue(CertificateProfile.client("kube-apiserver-etcd-client", List.of()));
        assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        leaf.certificate().verify(rsa.certificate().getPublicKey());
    }

    @Test
    void certificatesAndKeysSurviveAPemRoundTripWithKeysPrivate() throws Exception {
        IssuedCertificate node = CA.issue(CertificateProfile.client("system:node:n1", List.of("system:nodes")));
        node.write(dir, "kubelet-n1");
        CA.asIssued().write(dir, "ca");

        IssuedCertificate read = IssuedCertificate.read(dir, "kubelet-n1");
        assertThat(read.certificate()).isEqualTo(node.certificate());
        assertThat(read.privateKey().getEncoded()).isEqualTo(node.privateKey().getEncoded());
        assertThat(Files.readString(dir.resolve("kubelet-n1.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kubelet-n1.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kubelet-n1.crt")))).isEqualTo("rw-r--r--");
        assertThat(CertificateAuthority.read(dir.resolve("ca.crt"), dir.resolve("ca.key")).certificate()).isEqualTo(CA.certificate());
        assertThat(IssuedCertificate.exists(dir, "kubelet-n1")).isTrue();
        assertThat(IssuedCertificate.exists(dir, "nothing")).isFalse();
    }

    @Test
    void aBundleReadsAsEveryCertificateInOrder() {
        IssuedCertificate leaf = CA.issue(CertificateProfile.client("a", List.of()));
        assertThat(Pem.certificates(Pem.encode(leaf.certificate(), CA.certificate())))
                .containsExactly(leaf.certificate(), CA.certificate());
    }

    @Test
    void textWithoutAKeyIsAClearError() {
        assertThatThrownBy(() -> Pem.privateKey(Pem.encode(CA.certificate())))
                .isInstanceOf(PkiException.class).hasMessageContaining("No PEM private key");
        assertThatThrownBy(() -> Pem.certificate("garbage"))
                .isInstanceOf(PkiException.class).hasMessageContaining("No PEM certificate");
    }

    @Test
    void aLeafIsNotACa() {
        IssuedCertificate leaf = CA.issue(CertificateProfile.client("a", List.of()));
        assertThatThrownBy(() -> CertificateAuthority.of(leaf)).hasMessageContaining("Not a CA certificate");
    }

    @Test
    void theVerifierAcceptsOurClientsAndRefusesExpiredForeignAndServingCertificates() {
        CertificateVerifier verifier = new CertificateVerifier(List.of(CA.certificate()));
        verifier.verifyClient(CA.issue(CertificateProfile.client("alice", List.of())).certificate());

        Clock twoYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(730)), ZoneOffset.UTC);
        X509Certificate expired = CA.withClock(twoYearsAgo).issue(CertificateProfile.client("old", List.of())).certificate();
        assertThatThrownBy(() -> verifier.verifyClient(expired)).hasMessageContaining("expired or is not yet valid");

        CertificateAuthority other = CertificateAuthority.create("kubernetes");
        X509Certificate foreign = other.issue(CertificateProfile.client("mallory", List.of())).certificate();
        assertThatThrownBy(() -> verifier.verifyClient(foreign)).hasMessageContaining("signed by unknown authority");

        X509Certificate serving = CA.issue(CertificateProfile.server("s", List.of("s"), List.of())).certificate();
        assertThatThrownBy(() -> verifier.verifyClient(serving)).hasMessageContaining("incompatible key usage");
    }
}
