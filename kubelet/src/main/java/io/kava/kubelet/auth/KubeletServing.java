package io.kava.kubelet.auth;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.Pem;
import io.kava.client.pki.TlsContexts;
import io.kava.client.pki.TlsPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the kubelet's API (logs, exec, attach, port-forward, stats) is served: TLS with
 * --tls-cert-file/--tls-private-key-file, client certificates verified against --client-ca-file,
 * whether a caller without one goes on as system:anonymous (--anonymous-auth, upstream's default true)
 * or is refused, and who may do what (--authorization-mode). Plaintext, anonymous and AlwaysAllow by default.
 */
public record KubeletServing(Optional<SslContext> tls, KubeletAuthorizer authorizer, boolean anonymousAuth) {
  /** Anonymous callers allowed (upstream's default); with {@link #tls(Path, Path, Path)} none gets through the handshake. */
  public KubeletServing(Optional<SslContext> tls, KubeletAuthorizer authorizer) {
    this(tls, authorizer, true);
  }

  public static KubeletServing plaintext() {
    return new KubeletServing(Optional.empty(), KubeletAuthorizer.ALWAYS_ALLOW);
  }

  /**
   * TLS from the flags' files. With a client CA and {@code anonymousAuth} false a certificate of that CA
   * is required at the handshake; with {@code anonymousAuth} true one is verified when presented and a
   * caller without one is system:anonymous.
   */
  public static SslContext tls(Path certFile, Path keyFile, Path clientCaFile, boolean anonymousAuth) {
    return tls(certFile, keyFile, clientCaFile, anonymousAuth, TlsPolicy.defaults());
  }

  /** The same, accepting only the versions and suites of {@code policy} (--tls-min-version, --tls-cipher-suites). */
  public static SslContext tls(Path certFile, Path keyFile, Path clientCaFile, boolean anonymousAuth, TlsPolicy policy) {
    if (clientCaFile == null || !anonymousAuth) {
      return tls(certFile, keyFile, clientCaFile, policy);
    }
    return TlsContexts.verifyingServer(IssuedCertificate.read(certFile, keyFile), Pem.readCertificates(clientCaFile), policy);
  }

  /**
   * TLS with a serving certificate read at each handshake (--rotate-server-certificates); client
   * certificates as {@link #tls(Path, Path, Path, boolean)}.
   */
  public static SslContext rotatingTls(java.util.function.Supplier<IssuedCertificate> serving, Path clientCaFile,
      boolean anonymousAuth, TlsPolicy policy) {
    return TlsContexts.rotatingServer(serving, clientCaFile == null ? List.of() : Pem.readCertificates(clientCaFile),
        !anonymousAuth, policy);
  }

  /** TLS from the flags' files; {@code clientCaFile} null: no client certificate asked for (every caller anonymous). */
  public static SslContext tls(Path certFile, Path keyFile, Path clientCaFile) {
    return tls(certFile, keyFile, clientCaFile, TlsPolicy.defaults());
  }

  private static SslContext tls(Path certFile, Path keyFile, Path clientCaFile, TlsPolicy policy) {
    IssuedCertificate serving = IssuedCertificate.read(certFile, keyFile);
    return clientCaFile == null ? TlsContexts.requestingServer(serving, List.of(), policy)
        : TlsContexts.requiringServer(serving, Pem.readCertificates(clientCaFile), policy);
  }
}
