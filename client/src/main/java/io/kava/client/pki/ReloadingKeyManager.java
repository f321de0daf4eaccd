package io.kava.client.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client key manager that asks its source for the certificate at every handshake, so a connection
 * opened after a rotation presents the new certificate (client-go's cert manager behind the kubelet's
 * transport does the same with a GetClientCertificate callback). Connections already open keep theirs.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "current";
  private final Supplier<IssuedCertificate> source;

  ReloadingKeyManager(Supplier<IssuedCertificate> source) {
    this.source = source;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return source.get() == null ? null : ALIAS;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return chooseClientAlias(keyTypes, issuers, null);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    IssuedCertificate current = source.get();
    return current == null ? null : new X509Certificate[] {current.certificate()};
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    IssuedCertificate current = source.get();
    return current == null ? null : current.privateKey();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return source.get() == null ? new String[0] : new String[] {ALIAS};
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[0];
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
