package io.kava.kubelet.auth;

import io.kava.client.pki.CertificateSubject;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who calls the kubelet: the CN and O of the client certificate the TLS handshake verified against
 * --client-ca-file (upstream's x509 authenticator), with system:authenticated; system:anonymous in
 * system:unauthenticated without one.
 */
public record KubeletUser(String name, List<String> groups) {
  public static final KubeletUser ANONYMOUS = new KubeletUser("system:anonymous", List.of("system:unauthenticated"));

  public KubeletUser {
    groups = List.copyOf(groups);
  }

  /** The caller of a call on {@code session} (null: a plaintext listener). */
  public static KubeletUser of(SSLSession session) {
    if (session == null) {
      return ANONYMOUS;
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return ANONYMOUS;
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      return ANONYMOUS;
    }
    CertificateSubject subject = CertificateSubject.of(leaf);
    List<String> groups = new ArrayList<>(subject.organizations());
    groups.add("system:authenticated");
    return new KubeletUser(subject.commonName(), groups);
  }
}
