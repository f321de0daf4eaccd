package io.kava.client.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate with its private key, as kubeadm writes them: NAME.crt (0644) and NAME.key (PKCS#8, 0600). */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }

    public CertificateSubject subject() {
        return CertificateSubject.of(certificate);
    }

    public void write(Path certificateFile, Path keyFile) {
        PrivateFiles.write(keyFile, privateKeyPem());
        PrivateFiles.writePublic(certificateFile, certificatePem());
    }

    /** Writes DIR/BASE.crt and DIR/BASE.key. */
    public void write(Path directory, String baseName) {
        write(directory.resolve(baseName + ".crt"), directory.resolve(baseName + ".key"));
    }

    public static IssuedCertificate read(Path certificateFile, Path keyFile) {
        return new IssuedCertificate(Pem.readCertificate(certificateFile), Pem.readPrivateKey(keyFile));
    }

    public static IssuedCertificate read(Path directory, String baseName) {
        return read(directory.resolve(baseName + ".crt"), directory.resolve(baseName + ".key"));
    }

    /** Whether DIR/BASE.crt and DIR/BASE.key both exist (kubeadm keeps such a pair as it is). */
    public static boolean exists(Path directory, String baseName) {
        return Files.exists(directory.resolve(baseName + ".crt")) && Files.exists(directory.resolve(baseName + ".key"));
    }
}
