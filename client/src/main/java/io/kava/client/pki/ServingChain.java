package io.kava.client.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificate chain a TLS server sends: its certificate file's chain, and when that holds the leaf
 * alone, the leaf's issuer from the given CAs (the cluster CA of --client-ca-file) appended. A joining
 * agent, which does not trust the server yet, pins the cluster CA by its hash among what is served
 * (k3s agents fetch the CA bundle instead; kubeadm's cluster-info is signed with the token).
 */
public final class ServingChain {
  private ServingChain() {}

  public static List<X509Certificate> of(List<X509Certificate> certificateFile, List<X509Certificate> cas) {
    List<X509Certificate> chain = new ArrayList<>(certificateFile);
    if (chain.size() != 1) {
      return chain;
    }
    X509Certificate leaf = chain.get(0);
    if (leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal())) {
      return chain;
    }
    for (X509Certificate ca : cas) {
      if (ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && signs(ca, leaf)) {
        chain.add(ca);
        break;
      }
    }
    return chain;
  }

  /** Whether {@code ca}'s key signed {@code certificate}. */
  public static boolean signs(X509Certificate ca, X509Certificate certificate) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
