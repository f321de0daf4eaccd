package io.kava.client.pki;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/** gRPC (Netty) TLS contexts for Kava's servers and clients, from certificates already in memory. */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * A server that asks for a client certificate but does not require or verify one at the TLS layer,
   * as kube-apiserver (Go's RequestClientCert): bearer tokens still work, and the x509 authenticator
   * verifies the certificate so that a bad one is UNAUTHENTICATED rather than a broken handshake.
   * {@code clientCas} are advertised to clients as the acceptable issuers; empty: no certificate asked for.
   */
  public static SslContext requestingServer(IssuedCertificate serving, List<X509Certificate> clientCas) {
    return requestingServer(serving, clientCas, TlsPolicy.defaults());
  }

  /** The same, with the versions and suites of {@code policy} (--tls-min-version, --tls-cipher-suites). */
  public static SslContext requestingServer(IssuedCertificate serving, List<X509Certificate> clientCas, TlsPolicy policy) {
    return requestingServer(List.of(serving.certificate()), serving.privateKey(), clientCas, policy);
  }

  /** The same serving a whole chain (leaf first; see {@link ServingChain}). */
  public static SslContext requestingServer(List<X509Certificate> chain, java.security.PrivateKey key,
      List<X509Certificate> clientCas) {
    return requestingServer(chain, key, clientCas, TlsPolicy.defaults());
  }

  /** A whole chain, with the versions and suites of {@code policy}. */
  public static SslContext requestingServer(List<X509Certificate> chain, java.security.PrivateKey key,
      List<X509Certificate> clientCas, TlsPolicy policy) {
    SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new));
    if (!clientCas.isEmpty()) {
      builder.trustManager(new RequestOnlyTrustManager(clientCas)).clientAuth(ClientAuth.OPTIONAL);
    }
    return build(policy.applyTo(GrpcSslContexts.configure(builder)));
  }

  /** A server that requires a client certificate signed by one of {@code clientCas} (the kubelet's). */
  public static SslContext requiringServer(IssuedCertificate serving, List<X509Certificate> clientCas) {
    return requiringServer(serving, clientCas, TlsPolicy.defaults());
  }

  /** The same, with the versions and suites of {@code policy}. */
  public static SslContext requiringServer(IssuedCertificate serving, List<X509Certificate> clientCas, TlsPolicy policy) {
    SslContextBuilder builder = SslContextBuilder.forServer(serving.privateKey(), serving.certificate())
        .trustManager(clientCas.toArray(X509Certificate[]::new))
        .clientAuth(ClientAuth.REQUIRE);
    return build(policy.applyTo(GrpcSslContexts.configure(builder)));
  }

  /**
   * A server that verifies a client certificate against {@code clientCas} when one is presented and lets
   * a caller without one through (the kubelet's {@code --anonymous-auth=true} with {@code --client-ca-file}):
   * who that caller may be is then the authorizer's question, as upstream's system:anonymous.
   */
  public static SslContext verifyingServer(IssuedCertificate serving, List<X509Certificate> clientCas) {
    return verifyingServer(serving, clientCas, TlsPolicy.defaults());
  }

  /** The same, with the versions and suites of {@code policy}. */
  public static SslContext verifyingServer(IssuedCertificate serving, List<X509Certificate> clientCas, TlsPolicy policy) {
    SslContextBuilder builder = SslContextBuilder.forServer(serving.privateKey(), serving.certificate())
        .trustManager(clientCas.toArray(X509Certificate[]::new))
        .clientAuth(ClientAuth.OPTIONAL);
    return build(policy.applyTo(GrpcSslContexts.configure(builder)));
  }

  /**
   * A server that takes its certificate from {@code serving} at each handshake (a rotating certificate:
   * the kubelet's with --rotate-server-certificates); the source may give null, and then handshakes fail
   * until it has one. Client certificates as {@link #requiringServer} when {@code requireClientCertificate},
   * else as {@link #verifyingServer}; with no {@code clientCas} none is asked for.
   */
  public static SslContext rotatingServer(Supplier<IssuedCertificate> serving, List<X509Certificate> clientCas,
      boolean requireClientCertificate) {
    return rotatingServer(serving, clientCas, requireClientCertificate, TlsPolicy.defaults());
  }

  /** The same, with the versions and suites of {@code policy}. */
  public static SslContext rotatingServer(Supplier<IssuedCertificate> serving, List<X509Certificate> clientCas,
      boolean requireClientCertificate, TlsPolicy policy) {
    SslContextBuilder builder = SslContextBuilder.forServer(new ReloadingKeyManager(serving));
    if (!clientCas.isEmpty()) {
      builder.trustManager(clientCas.toArray(X509Certificate[]::new))
          .clientAuth(requireClientCertificate ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
    }
    return build(policy.applyTo(GrpcSslContexts.configure(builder)));
  }

  /** A client trusting {@code serverCas}, presenting {@code clientCertificate} when it is not null. */
  public static SslContext client(List<X509Certificate> serverCas, IssuedCertificate clientCertificate) {
    SslContextBuilder builder = GrpcSslContexts.forClient();
    if (!serverCas.isEmpty()) {
      builder.trustManager(serverCas.toArray(X509Certificate[]::new));
    }
    if (clientCertificate != null) {
      builder.keyManager(clientCertificate.privateKey(), clientCertificate.certificate());
    }
    return build(builder);
  }

  /**
   * A client trusting {@code serverCas} that takes its certificate from {@code clientCertificate} at each
   * new connection (a rotating certificate: the kubelet's); the source may give null (no certificate).
   */
  public static SslContext rotatingClient(List<X509Certificate> serverCas, Supplier<IssuedCertificate> clientCertificate) {
    SslContextBuilder builder = GrpcSslContexts.forClient();
    if (!serverCas.isEmpty()) {
      builder.trustManager(serverCas.toArray(X509Certificate[]::new));
    }
    SslContext context = build(builder.keyManager(new ReloadingKeyManager(clientCertificate)));
    // A resumed TLS session keeps the identity of its first handshake: every connection does a full one.
    if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
      openSsl.setSessionCacheEnabled(false);
    } else {
      context.sessionContext().setSessionTimeout(1);
    }
    return context;
  }

  private static SslContext build(SslContextBuilder builder) {
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new PkiException("Could not set up TLS", e);
    }
  }

  /** Accepts every client certificate at the handshake; verification is the authenticator's. */
  private record RequestOnlyTrustManager(List<X509Certificate> issuers) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("Only for a server's client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return issuers.toArray(X509Certificate[]::new);
    }
  }
}
