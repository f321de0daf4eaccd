package io.kava.kubelet.certificate;

import java.time.Duration;

/** Gets a PEM request signed: the CertificateSigningRequest round trip, behind an interface for tests. */
public interface CertificateSigner {
  /**
   * Submits the request and waits for its certificate; throws {@link IllegalStateException} when it is
   * denied, fails, or is not issued within the timeout.
   */
  byte[] sign(byte[] requestPem, Duration timeout) throws InterruptedException;
}
