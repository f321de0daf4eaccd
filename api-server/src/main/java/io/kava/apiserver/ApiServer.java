package io.kava.apiserver;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.admission.NamespaceLifecycle;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.grpc.ApiService;
import io.kava.apiserver.grpc.ErrorMappingInterceptor;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.registry.Registry;
import io.kava.apiserver.registry.Strategies;
import io.kava.apiserver.storage.Compactor;
import io.kava.apiserver.storage.EtcdStorage;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.watch.WatchCaches;
import io.kava.client.Kinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's wiring: storage, registry, watch caches, compactor and the gRPC listener. Logic lives
 * in the packages; this class only builds and starts them.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ApiServerConfig config;
  private final Storage storage;
  private final boolean ownsStorage;
  private final Registry registry;
  private final WatchCaches caches;
  private final ScheduledExecutorService bootstrap;
  private Compactor compactor;
  private Server server;

  /** An API server on etcd as the config says. */
  public ApiServer(ApiServerConfig config) {
    this(config, new EtcdStorage(config.etcdServers(), config.etcdRequestTimeout()), true);
  }

  /** An API server on a given storage (tests use an in-memory one). */
  public ApiServer(ApiServerConfig config, Storage storage, boolean ownsStorage) {
    this.config = config;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    Keys keys = new Keys(config.etcdPrefix());
    this.registry = new Registry(storage, keys, new Strategies(), new NamespaceLifecycle(storage, keys), Clock.systemUTC());
    this.caches = new WatchCaches(storage, keys, config.watchCacheSize(), config.watcherQueueSize(),
        config.bookmarkInterval(), config.retryDelay());
    this.bootstrap = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kava-bootstrap");
      t.setDaemon(true);
      return t;
    });
  }

  /** The gRPC service with its error mapping, for any transport. */
  public ServerServiceDefinition service() {
    return ServerInterceptors.intercept(new ApiService(registry, caches, Duration.ofSeconds(5)), new ErrorMappingInterceptor());
  }

  /** Starts on the configured address with Netty. */
  public ApiServer start() {
    return start(NettyServerBuilder.forAddress(config.listen())
        .maxInboundMessageSize(16 * 1024 * 1024)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true));
  }

  /** Starts on a given transport (in-process in unit tests). */
  public ApiServer start(ServerBuilder<?> builder) {
    caches.start();
    bootstrap.execute(this::ensureSystemNamespaces);
    if (!config.compactionInterval().isZero()) {
      compactor = new Compactor(storage, config.compactionInterval());
    }
    try {
      server = builder.addService(service()).build().start();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Failed to listen on " + config.listen(), e);
    }
    log.info("Started the API server on {} with etcd {}", server.getListenSockets(), config.etcdServers());
    return this;
  }

  public int port() {
    return server.getPort();
  }

  public Registry registry() {
    return registry;
  }

  public WatchCaches watchCaches() {
    return caches;
  }

  /** Creates default, kube-system, kube-public and kube-node-lease if missing, retrying while etcd is down. */
  private void ensureSystemNamespaces() {
    List<String> missing = new ArrayList<>();
    for (String name : NamespaceLifecycle.SYSTEM_NAMESPACES) {
      try {
        registry.create(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).build(), false);
        log.info("Created namespace {}", name);
      } catch (ApiError e) {
        if (!e.reason().equals("AlreadyExists")) {
          missing.add(name + " (" + e.getMessage() + ")");
        }
      } catch (RuntimeException e) {
        missing.add(name + " (" + e.getMessage() + ")");
      }
    }
    if (!missing.isEmpty()) {
      log.warn("Failed to create system namespaces {}, retrying", missing);
      bootstrap.schedule(this::ensureSystemNamespaces, config.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** True once every system namespace exists (tests wait for it). */
  public boolean systemNamespacesReady() {
    try {
      for (String name : NamespaceLifecycle.SYSTEM_NAMESPACES) {
        registry.get(Kinds.NAMESPACE, "", name);
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
    }
    caches.close();
    if (server != null) {
      try {
        if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
          server.shutdownNow();
          server.awaitTermination(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    bootstrap.shutdownNow();
    if (compactor != null) {
      compactor.close();
    }
    if (ownsStorage) {
      storage.close();
    }
    log.info("Stopped the API server");
  }
}
