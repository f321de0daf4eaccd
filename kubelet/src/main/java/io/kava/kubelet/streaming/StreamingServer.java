package io.kava.kubelet.streaming;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kava.kubelet.auth.KubeletAuthInterceptor;
import io.kava.kubelet.auth.KubeletServing;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kubelet's gRPC listener for {@link KubeletStreamingService}, on the node's address and --port. */
public final class StreamingServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamingServer.class);

  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kubelet-stream-" + COUNT.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private static final AtomicInteger COUNT = new AtomicInteger();
  /** Runs the streams' idle checks. */
  private final java.util.concurrent.ScheduledExecutorService idleChecks =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubelet-stream-idle");
        t.setDaemon(true);
        return t;
      });
  private final Server server;

  /** {@code stats}: the stats summary served beside the streams on the same port. */
  public StreamingServer(String address, int port, ContainerRuntime runtime, ContainerStreams streams, String node,
      BindableService stats) {
    this(address, port, runtime, streams, node, stats, KubeletServing.plaintext());
  }

  /** {@code serving}: TLS and the authorizer every call goes through first. */
  public StreamingServer(String address, int port, ContainerRuntime runtime, ContainerStreams streams, String node,
      BindableService stats, KubeletServing serving) {
    this(address, port, runtime, streams, node, stats, serving, java.time.Duration.ZERO);
  }

  /** {@code idleTimeout}: --streaming-connection-idle-timeout, zero for none. */
  public StreamingServer(String address, int port, ContainerRuntime runtime, ContainerStreams streams, String node,
      BindableService stats, KubeletServing serving, java.time.Duration idleTimeout) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, port));
    serving.tls().ifPresent(builder::sslContext);
    this.server = builder
        .intercept(new KubeletAuthInterceptor(serving.authorizer(), serving.anonymousAuth()))
        .addService(new KubeletStreamingService(runtime, streams, node, threads, Clock.systemUTC(), idleTimeout,
            idleChecks))
        .addService(stats)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
  }

  public StreamingServer start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to listen for streams on " + server.getListenSockets(), e);
    }
    log.info("Serving pod logs, exec, attach, port-forward and stats on {}", server.getListenSockets());
    return this;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    threads.shutdownNow();
    idleChecks.shutdownNow();
  }
}
