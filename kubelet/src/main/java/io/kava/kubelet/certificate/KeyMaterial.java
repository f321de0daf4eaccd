package io.kava.kubelet.certificate;

import io.kava.client.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A client certificate (with its chain, as issued) and its private key, parsed and as PEM. */
public record KeyMaterial(List<X509Certificate> chain, PrivateKey key, byte[] certificatePem, byte[] keyPem) {
  public KeyMaterial {
    chain = List.copyOf(chain);
  }

  public static KeyMaterial of(byte[] certificatePem, byte[] keyPem) {
    return new KeyMaterial(Pem.certificates(new String(certificatePem, StandardCharsets.US_ASCII)),
        Pem.privateKey(new String(keyPem, StandardCharsets.US_ASCII)),
        certificatePem.clone(), keyPem.clone());
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** Certificate then key in one PEM file, as upstream's kubelet-client-current.pem. */
  public byte[] combinedPem() {
    String text = new String(certificatePem, StandardCharsets.US_ASCII) + new String(keyPem, StandardCharsets.US_ASCII);
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
