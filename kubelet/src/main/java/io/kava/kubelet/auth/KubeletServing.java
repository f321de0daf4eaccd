package io.kava.kubelet.auth;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.Pem;
import io.kava.client.pki.TlsContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the kubelet's API (logs, exec, attach, port-forward, stats) is served: TLS with
 * --tls-cert-file/--tls-private-key-file, client certificates required and verified against
 * --client-ca-file, and who may do what (--authorization-mode). Plaintext and AlwaysAllow by default.
 */
public record KubeletServing(Optional<SslContext> tls, KubeletAuthorizer authorizer) {
  public static KubeletServing plaintext() {
    return new KubeletServing(Optional.empty(), KubeletAuthorizer.ALWAYS_ALLOW);
  }

  /** TLS from the flags' files; {@code clientCaFile} null: no client certificate asked for (every caller anonymous). */
  public static SslContext tls(Path certFile, Path keyFile, Path clientCaFile) {
    IssuedCertificate serving = IssuedCertificate.read(certFile, keyFile);
    return clientCaFile == null ? TlsContexts.requestingServer(serving, List.of())
        : TlsContexts.requiringServer(serving, Pem.readCertificates(clientCaFile));
  }
}
