package io.kava.kubelet.bootstrap;

import io.kava.client.bootstrap.JoinToken;
import io.kava.client.pki.ServingChain;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Checks a served chain against a join token's CA hash: the CA is the chain's certificate with that hash,
 * and it must have signed the server's certificate. Otherwise the refusal names the hash that was served
 * (of the chain's last CA certificate), so an operator sees which cluster answered.
 */
public final class CaPin {
  private CaPin() {}

  /** The pinned CA of this chain; an {@link IllegalStateException} with the reason when there is none. */
  public static X509Certificate verify(List<X509Certificate> chain, String pin) {
    if (chain.isEmpty()) {
      throw new IllegalStateException("the server presented no certificate");
    }
    for (X509Certificate c : chain) {
      if (JoinToken.caHash(c).equals(pin)) {
        if (!ServingChain.signs(c, chain.get(0))) {
          throw new IllegalStateException("the server's certificate is not signed by the CA of hash sha256:" + pin);
        }
        return c;
      }
    }
    X509Certificate served = chain.get(chain.size() - 1);
    for (X509Certificate c : chain) {
      if (c.getBasicConstraints() >= 0) {
        served = c;
      }
    }
    throw new IllegalStateException("the server's CA hash sha256:" + JoinToken.caHash(served)
        + " does not match the token's sha256:" + pin);
  }
}
