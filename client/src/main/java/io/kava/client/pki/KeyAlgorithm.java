package io.kava.client.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/** The key types the cluster's certificates use, as kubeadm offers them (RSA 2048 or ECDSA P-256). */
public enum KeyAlgorithm {
    /** kubeadm's default; slower to generate (tens of milliseconds). */
    RSA_2048("RSA", "SHA256withRSA"),
    /** Kava's default: quick to generate, small handshakes. */
    ECDSA_P256("EC", "SHA256withECDSA");

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (this == RSA_2048) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("Could not generate a " + name() + " key", e);
        }
    }

    /** The signature algorithm a key of this type signs certificates with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public static KeyAlgorithm of(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> RSA_2048;
            case "EC", "ECDSA" -> ECDSA_P256;
            default -> throw new PkiException("Unsupported key algorithm " + key.getAlgorithm());
        };
    }
}
