package io.kava.client;

import com.google.protobuf.Message;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kava.client.auth.BearerToken;
import io.kava.client.config.ClientConfig;
import io.kava.client.pki.TlsContexts;
import io.kava.api.v1.ApiGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The entry point to the API server: one channel, shared by typed clients for each kind.
 *
 * <pre>
 * try (KavaClient client = KavaClient.connect("127.0.0.1:6443")) {
 *   Pod pod = client.resource(Pod.class).get("default", "web-0");
 * }
 * </pre>
 *
 * <p>The target may list several API servers ("h1:p1,h2:p2"): the channel uses the first it reaches
 * and moves to the next when that connection breaks (pick_first over a static address list, keep-alive
 * pings so a silent server is noticed within seconds). Reads (get, list, watch before its first event)
 * are retried on UNAVAILABLE, so they land on the other server; writes are not (see DESIGN.md: writes
 * retry through the reconcile loop). An informer's watch that breaks resumes from its last revision,
 * on whichever server the channel now uses. While no server answers, the channel redials every second
 * ({@link ReconnectPacer}) rather than after gRPC's backoff of up to two minutes.
 */
public final class KavaClient implements AutoCloseable {
  public static final String DEFAULT_SERVER = "127.0.0.1:6443";
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** Keep-alive pings on a busy connection; the API server permits one every 10 s. */
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);

  private final ManagedChannel channel;
  private final Channel calls;
  private final boolean ownsChannel;
  private final Duration deadline;

  public KavaClient(ManagedChannel channel, boolean ownsChannel, Duration deadline) {
    this(channel, channel, ownsChannel, deadline);
  }

  private KavaClient(ManagedChannel channel, Channel calls, boolean ownsChannel, Duration deadline) {
    this.channel = channel;
    this.calls = calls;
    this.ownsChannel = ownsChannel;
    this.deadline = deadline;
  }

  /**
   * Connects in plaintext (the API server listens on loopback or a private network) to "host:port", or
   * to a comma-separated list of them that the client fails over between.
   */
  public static KavaClient connect(String target) {
    return connect(ClientConfig.plaintext(target));
  }

  /**
   * Connects as a kubeconfig says ({@link io.kava.client.config.KubeConfigLoader}): TLS checked
   * against its CAs, with its client certificate and bearer token. The server's certificate must name
   * the host of the (first) address; for a list, every API server's certificate must name the first host.
   */
  public static KavaClient connect(ClientConfig config) {
    return connect(config, null);
  }

  /**
   * As {@link #connect(ClientConfig)}, the client certificate taken from {@code certificates} at every new
   * connection instead of the config's (a rotating one, the kubelet's: after a rotation, {@code
   * channel().enterIdle()} makes the next calls connect again with it). null: the config's certificate.
   */
  public static KavaClient connect(ClientConfig config, java.util.function.Supplier<io.kava.client.pki.IssuedCertificate> certificates) {
    String t = config.server().strip();
    NettyChannelBuilder builder;
    if (ApiServers.isList(t)) {
      StaticAddressResolver.register();
      ApiServers servers = ApiServers.parse(t);
      builder = NettyChannelBuilder.forTarget(StaticAddressResolver.target(servers));
      if (config.tls()) {
        builder.overrideAuthority(servers.addresses().get(0).getHostString());
      }
    } else {
      builder = NettyChannelBuilder.forTarget(t);
    }
    if (config.tls()) {
      builder.sslContext(certificates == null ? TlsContexts.client(config.certificateAuthorities(), config.clientCertificate())
          : TlsContexts.rotatingClient(config.certificateAuthorities(), certificates));
    } else {
      builder.usePlaintext();
    }
    if (config.bearerToken() != null) {
      builder.intercept(new BearerToken(config.bearerToken()));
    }
    ManagedChannel channel = ReconnectPacer.pace(builder
        .defaultServiceConfig(serviceConfig())
        .enableRetry()
        .keepAliveTime(KEEPALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .maxInboundMessageSize(64 * 1024 * 1024)
        .build(), ReconnectPacer.PACE);
    return new KavaClient(channel, true, DEFAULT_DEADLINE);
  }

  /**
   * pick_first over the address list, and retries of the calls that are safe to repeat. A watch is
   * retried only until its first event arrives (gRPC commits a stream then); later breaks are the
   * caller's to resume, from the revision it last saw.
   */
  static Map<String, Object> serviceConfig() {
    List<Map<String, Object>> safe = List.of(method("Get"), method("List"), method("Watch"));
    Map<String, Object> retry = Map.of(
        "maxAttempts", 5.0,
        "initialBackoff", "0.1s",
        "maxBackoff", "1s",
        "backoffMultiplier", 2.0,
        "retryableStatusCodes", List.of("UNAVAILABLE"));
    return Map.of(
        "loadBalancingConfig", List.of(Map.of("pick_first", Map.of())),
        "methodConfig", List.of(Map.of("name", safe, "retryPolicy", retry)));
  }

  private static Map<String, Object> method(String name) {
    return Map.of("service", ApiGrpc.SERVICE_NAME, "method", name);
  }

  /** The same connection with interceptors in front of every call (a leader's write fence). */
  public KavaClient withInterceptors(ClientInterceptor... interceptors) {
    return new KavaClient(channel, ClientInterceptors.intercept(calls, interceptors), false, deadline);
  }

  /** The same connection with another deadline per call (a leader elector's, shorter than its renew deadline). */
  public KavaClient withDeadline(Duration deadline) {
    return new KavaClient(channel, calls, false, deadline);
  }

  public <T extends Message> ResourceClient<T> resource(Class<T> type) {
    return new ResourceClient<>(this, Kinds.of(type), type);
  }

  /** metrics.k8s.io: node and pod CPU and memory use, as `kubectl top` and the HPA read them. */
  public MetricsClient metrics() {
    return new MetricsClient(this);
  }

  /** An untyped client for a kind known only at run time (the CLI). */
  public ResourceClient<Message> resource(Kind kind) {
    return new ResourceClient<>(this, kind, Message.class);
  }

  ApiGrpc.ApiBlockingStub blocking() {
    return ApiGrpc.newBlockingStub(calls).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  ApiGrpc.ApiStub async() {
    return ApiGrpc.newStub(calls);
  }

  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    if (ownsChannel) {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
