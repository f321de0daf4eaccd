package io.kava.apiserver.proxy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.kava.apiserver.BackendTlsConfig;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.Pem;
import io.kava.client.pki.TlsContexts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One channel per kubelet address, opened on first use, shared by every stream to it: TLS with the API
 * server's kubelet client certificate when configured (--kubelet-client-certificate,
 * --kubelet-certificate-authority: the kubelet's serving certificate must name the address dialled),
 * plaintext otherwise.
 */
public final class KubeletChannels implements AutoCloseable {
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Optional<SslContext> tls;

  public KubeletChannels() {
    this(Optional.empty());
  }

  public KubeletChannels(Optional<SslContext> tls) {
    this.tls = tls;
  }

  /** The context --kubelet-client-certificate/-key and --kubelet-certificate-authority make; empty when none is given. */
  public static Optional<SslContext> tls(BackendTlsConfig.ClientTls config) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    return Optional.of(TlsContexts.client(config.caFile() == null ? List.of() : Pem.readCertificates(config.caFile()),
        config.certFile() == null ? null : IssuedCertificate.read(config.certFile(), config.keyFile())));
  }

  public ManagedChannel of(String host, int port) {
    return channels.computeIfAbsent(host + ":" + port, k -> {
      NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port);
      tls.ifPresentOrElse(builder::sslContext, builder::usePlaintext);
      return builder.keepAliveTime(30, TimeUnit.SECONDS).build();
    });
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
