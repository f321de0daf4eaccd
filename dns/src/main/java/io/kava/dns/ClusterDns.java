package io.kava.dns;

import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.SharedInformer;
import io.kava.dns.records.ClusterZone;
import io.kava.dns.records.InformerClusterState;
import io.kava.dns.registration.KubeDnsRegistration;
import io.kava.dns.server.DnsServer;
import io.kava.dns.server.Forwarder;
import io.kava.dns.server.QueryHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS wired together: informers on Services and EndpointSlices, the zone computed from
 * them, the UDP and TCP server, and the kube-dns registration. The zone answers SERVFAIL until the first
 * lists arrived (as CoreDNS); start waits up to {@link #SYNC_WAIT} for them before it registers.
 */
public final class ClusterDns implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterDns.class);
  static final Duration SYNC_WAIT = Duration.ofSeconds(5);
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);

  private final InformerFactory informers;
  private final DnsServer server;
  private final KubeDnsRegistration registration;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ClusterDns(InformerFactory informers, DnsServer server, KubeDnsRegistration registration) {
    this.informers = informers;
    this.server = server;
    this.registration = registration;
  }

  public static ClusterDns start(DnsConfig config, KavaClient client) throws IOException, InterruptedException {
    InformerFactory informers = new InformerFactory(client, Duration.ZERO);
    DnsServer server = null;
    try {
      SharedInformer<Service> services = informers.informer(Service.class);
      SharedInformer<EndpointSlice> slices = informers.informer(EndpointSlice.class);
      InformerClusterState state = new InformerClusterState(services, slices);
      informers.start();
      ClusterZone zone = new ClusterZone(config.zone(), state);
      QueryHandler handler = new QueryHandler(zone, config.upstream().map(u -> new Forwarder(u, UPSTREAM_TIMEOUT)));
      // Bound before the first list, so a taken port fails at once; until synced the zone answers SERVFAIL.
      server = new DnsServer(config.listen(), handler, config.workers()).start();
      log.info("Answering for {} and PTR of {}; other names {}", config.clusterDomain(), config.serviceRange(),
          config.upstream().map(u -> "forwarded to " + u.getAddress().getHostAddress() + ":" + u.getPort())
              .orElse("refused (no --upstream)"));
      if (!informers.waitForSync(SYNC_WAIT)) {
        log.warn("Services and EndpointSlices not listed within {} s; answering SERVFAIL for {} until they are",
            SYNC_WAIT.toSeconds(), config.clusterDomain());
      }
      KubeDnsRegistration registration = null;
      if (config.register()) {
        registration = new KubeDnsRegistration(client, config.clusterIp(), config.advertiseAddress(), server.address().getPort());
        registration.start();
      }
      return new ClusterDns(informers, server, registration);
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (server != null) {
        server.close();
      }
      informers.close();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return server.address();
  }

  /** Waits until the kube-dns objects were written once (false on timeout, or when registration is off). */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    return registration != null && registration.awaitRegistered(timeout);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close();
    if (registration != null) {
      registration.close();
    }
    informers.close();
  }
}
