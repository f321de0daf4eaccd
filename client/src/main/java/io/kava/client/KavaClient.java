package io.kava.client;

import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.kava.api.v1.ApiGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The entry point to the API server: one channel, shared by typed clients for each kind.
 *
 * <pre>
 * try (KavaClient client = KavaClient.connect("127.0.0.1:6443")) {
 *   Pod pod = client.resource(Pod.class).get("default", "web-0");
 * }
 * </pre>
 */
public final class KavaClient implements AutoCloseable {
  public static final String DEFAULT_SERVER = "127.0.0.1:6443";
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final Duration deadline;

  public KavaClient(ManagedChannel channel, boolean ownsChannel, Duration deadline) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.deadline = deadline;
  }

  /** Connects to "host:port" in plaintext (the API server listens on loopback or a private network). */
  public static KavaClient connect(String target) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target)
        .usePlaintext()
        .keepAliveTime(30, TimeUnit.SECONDS)
        .maxInboundMessageSize(64 * 1024 * 1024)
        .build();
    return new KavaClient(channel, true, DEFAULT_DEADLINE);
  }

  public <T extends Message> ResourceClient<T> resource(Class<T> type) {
    return new ResourceClient<>(this, Kinds.of(type), type);
  }

  /** An untyped client for a kind known only at run time (the CLI). */
  public ResourceClient<Message> resource(Kind kind) {
    return new ResourceClient<>(this, kind, Message.class);
  }

  ApiGrpc.ApiBlockingStub blocking() {
    return ApiGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  ApiGrpc.ApiStub async() {
    return ApiGrpc.newStub(channel);
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
