package io.kava.client.certificates;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed CA made in tests, the stand-in for the cluster CA up.sh makes. */
public record TestCa(X509Certificate certificate, KeyPair key) {
  public static TestCa create(String name) {
    try {
      KeyPair key = CertificateRequests.newKey();
      X500Name subject = new X500Name("CN=" + name);
      Instant now = Instant.now();
      var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(now.minusSeconds(3600)),
          Date.from(now.plusSeconds(10 * 365 * 86400L)), subject, key.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
      return new TestCa(cert, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] certificatePem() {
    try {
      return CertificateRequests.pem("CERTIFICATE", certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] keyPem() {
    return CertificateRequests.privateKeyPem(key.getPrivate());
  }

  /** Signs a request for the given window, with client auth usages. */
  public byte[] sign(byte[] request, Instant notBefore, Instant notAfter) {
    return CertificateRequests.sign(request, java.util.Set.of(SigningRequests.USAGE_DIGITAL_SIGNATURE,
        SigningRequests.USAGE_CLIENT_AUTH), certificate, key.getPrivate(), notBefore, notAfter);
  }
}
