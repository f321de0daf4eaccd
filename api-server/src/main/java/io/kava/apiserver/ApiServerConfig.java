package io.kava.apiserver;

import io.kava.apiserver.admission.DefaultTolerationSeconds;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything the API server is configured with.
 *
 * @param listen address of the gRPC listener (port 0: any free port)
 * @param etcdServers etcd client URLs
 * @param etcdPrefix key prefix of every object ("/registry")
 * @param etcdRequestTimeout deadline of each etcd call
 * @param watchCacheSize events kept per resource, and revisions of history read at cache start
 * @param watcherQueueSize events a slow client watch may fall behind before it is closed
 * @param bookmarkInterval how often watches that allow them get a BOOKMARK
 * @param compactionInterval how often etcd history older than one interval is dropped (0: never)
 * @param retryDelay pause before a watch cache retries after etcd failed
 * @param services Service ranges and the kubernetes Service's address
 * @param defaultTolerations the not-ready and unreachable toleration times new pods get by default
 * @param security authentication, authorization and the other security settings
 * @param moreListen further listen addresses (--listen given again: the advertise address pods reach), same TLS
 * @param requestTimeout the server-side deadline of every call but watches and pod streams (--request-timeout; zero: none)
 * @param eventTtl how long an Event lives after its last write (--event-ttl, upstream's 1h; zero: forever)
 */
public record ApiServerConfig(
    InetSocketAddress listen,
    List<URI> etcdServers,
    String etcdPrefix,
    Duration etcdRequestTimeout,
    int watchCacheSize,
    int watcherQueueSize,
    Duration bookmarkInterval,
    Duration compactionInterval,
    Duration retryDelay,
    ServicesConfig services,
    DefaultTolerationSeconds defaultTolerations,
    SecurityConfig security,
    List<InetSocketAddress> moreListen,
    Duration requestTimeout,
    Duration eventTtl) {

  /** Upstream's --event-ttl default. */
  public static final Duration DEFAULT_EVENT_TTL = Duration.ofHours(1);

  public ApiServerConfig {
    etcdServers = List.copyOf(etcdServers);
    moreListen = List.copyOf(moreListen);
    if (requestTimeout.isNegative()) {
      throw new IllegalArgumentException("--request-timeout must not be negative");
    }
    if (eventTtl.isNegative()) {
      throw new IllegalArgumentException("--event-ttl must not be negative");
    }
  }

  public ApiServerConfig(InetSocketAddress listen, List<URI> etcdServers, String etcdPrefix, Duration etcdRequestTimeout,
      int watchCacheSize, int watcherQueueSize, Duration bookmarkInterval, Duration compactionInterval,
      Duration retryDelay, ServicesConfig services, DefaultTolerationSeconds defaultTolerations, SecurityConfig security) {
    this(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize, bookmarkInterval,
        compactionInterval, retryDelay, services, defaultTolerations, security, List.of(),
        io.kava.apiserver.grpc.RequestTimeout.DEFAULT, DEFAULT_EVENT_TTL);
  }

  public ApiServerConfig(InetSocketAddress listen, List<URI> etcdServers, String etcdPrefix, Duration etcdRequestTimeout,
      int watchCacheSize, int watcherQueueSize, Duration bookmarkInterval, Duration compactionInterval,
      Duration retryDelay, ServicesConfig services) {
    this(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize, bookmarkInterval,
        compactionInterval, retryDelay, services, DefaultTolerationSeconds.defaults(), SecurityConfig.defaults());
  }

  public ApiServerConfig(InetSocketAddress listen, List<URI> etcdServers, String etcdPrefix, Duration etcdRequestTimeout,
      int watchCacheSize, int watcherQueueSize, Duration bookmarkInterval, Duration compactionInterval,
      Duration retryDelay, ServicesConfig services, DefaultTolerationSeconds defaultTolerations) {
    this(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize, bookmarkInterval,
        compactionInterval, retryDelay, services, defaultTolerations, SecurityConfig.defaults());
  }

  public ApiServerConfig withSecurity(SecurityConfig security) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public ApiServerConfig withDefaultTolerations(DefaultTolerationSeconds tolerations) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, tolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public static ApiServerConfig defaults(List<URI> etcdServers) {
    return new ApiServerConfig(new InetSocketAddress("127.0.0.1", 6443), etcdServers, "/registry",
        Duration.ofSeconds(5), 10_000, 1_000, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(1),
        ServicesConfig.defaults());
  }

  public ApiServerConfig withListen(InetSocketAddress address) {
    return new ApiServerConfig(address, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public ApiServerConfig withWatchCacheSize(int size) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, size, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public ApiServerConfig withWatcherQueueSize(int size) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, size,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public ApiServerConfig withBookmarkInterval(Duration interval) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        interval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public ApiServerConfig withCompactionInterval(Duration interval) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, interval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public ApiServerConfig withEtcdRequestTimeout(Duration timeout) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, timeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  public ApiServerConfig withServices(ServicesConfig services) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, eventTtl);
  }

  /** Also listens on these addresses (the first --listen stays {@link #listen()}). */
  public ApiServerConfig withMoreListen(List<InetSocketAddress> addresses) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, addresses, requestTimeout, eventTtl);
  }

  /** The server-side deadline of non-long-running calls (zero: none). */
  public ApiServerConfig withRequestTimeout(Duration timeout) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, timeout, eventTtl);
  }

  /** How long an Event lives after its last write (zero: forever). */
  public ApiServerConfig withEventTtl(Duration ttl) {
    return new ApiServerConfig(listen, etcdServers, etcdPrefix, etcdRequestTimeout, watchCacheSize, watcherQueueSize,
        bookmarkInterval, compactionInterval, retryDelay, services, defaultTolerations, security, moreListen, requestTimeout, ttl);
  }
}
