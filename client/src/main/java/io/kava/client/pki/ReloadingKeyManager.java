package io.kava.client.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that asks its source for the certificate at every handshake, so a connection opened
 * after a rotation presents the new certificate (client-go's cert manager behind the kubelet's transport
 * does the same with a GetClientCertificate callback, and the kubelet's TLS listener with GetCertificate).
 * It serves either side: a client's certificate, or a server's (offered only for the key type the
 * handshake asks for, as a server key manager must). Connections already open keep theirs; a source
 * giving null means no certificate (a server without one fails the handshake).
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
    String alias = chooseServerAlias(keyType, issuers, null);
    return alias == null ? new String[0] : new String[] {alias};
  }

  /** keyType: the JDK's "EC" or "RSA", or OpenSSL's "EC_EC", "EC_RSA" (an EC key signed with either). */
  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    IssuedCertificate current = source.get();
    if (current == null || keyType == null) {
      return null;
    }
    String algorithm = current.privateKey().getAlgorithm();
    return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_") ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseServerAlias(keyType, issuers, null);
  }
}
