package io.kava.client.certificates;

import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

/** A CA made in tests (the stand-in for the cluster CA), signing certificate requests as the signer does. */
public record TestCa(CertificateAuthority authority) {
  public static TestCa create(String name) {
    return new TestCa(CertificateAuthority.create(name));
  }

  public X509Certificate certificate() {
    return authority.certificate();
  }

  public byte[] certificatePem() {
    return Pem.encode(authority.certificate()).getBytes(StandardCharsets.US_ASCII);
  }

  public byte[] keyPem() {
    return Pem.encode(authority.privateKey()).getBytes(StandardCharsets.US_ASCII);
  }

  /** A PEM client certificate for the request's subject and key, valid for the given time from the clock's now. */
  public byte[] sign(byte[] request, Clock clock, Duration validity) {
    RequestedCertificate req = CertificateRequests.parse(request);
    X509Certificate cert = authority.withClock(clock).sign(CertificateRequests.publicKey(request),
        CertificateProfile.client(req.commonName(), req.organizations()).withValidity(validity));
    return Pem.encode(cert).getBytes(StandardCharsets.US_ASCII);
  }
}
