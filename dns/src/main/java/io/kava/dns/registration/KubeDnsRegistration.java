package io.kava.dns.registration;

import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kube-dns Service, this instance's EndpointSlice and the kube-dns Endpoints as
 * {@link KubeDnsObjects} wants them: at start (retrying with backoff while the API server is away) and
 * again every {@link #RECHECK} (level-driven: a deleted slice comes back, an unchanged one is not
 * written). On close it takes its own endpoint out, so kube-proxy stops sending queries to a server that
 * is gone.
 */
public final class KubeDnsRegistration implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubeDnsRegistration.class);
  static final Duration RECHECK = Duration.ofSeconds(30);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final KubeDnsObjects objects;
  private final String wantedClusterIp;
  private final ResourceClient<Service> services;
  private final ResourceClient<EndpointSlice> slices;
  private final ResourceClient<Endpoints> endpoints;
  private final CountDownLatch registered = new CountDownLatch(1);
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread thread;

  public KubeDnsRegistration(KavaClient client, String clusterIp, String address, int port) {
    this.objects = new KubeDnsObjects(clusterIp, address, port);
    this.wantedClusterIp = clusterIp;
    this.services = client.resource(Service.class);
    this.slices = client.resource(EndpointSlice.class);
    this.endpoints = client.resource(Endpoints.class);
  }

  public synchronized void start() {
    thread = new Thread(this::run, "kube-dns-registration");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until the objects were written once; false on timeout. */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass: creates or updates what differs. Throws {@link ApiException} on any failure. */
  public void ensure() {
    Service svc = ensureObject(services, KubeDnsObjects.NAME, objects::service);
    if (!svc.getSpec().getClusterIp().equals(wantedClusterIp)) {
      log.warn("Service {}/{} has ClusterIP {}, not {} (the field is immutable: delete the Service to change it)",
          KubeDnsObjects.NAMESPACE, KubeDnsObjects.NAME, svc.getSpec().getClusterIp(), wantedClusterIp);
    }
    ensureObject(slices, objects.sliceName(), stored -> objects.slice(svc, stored));
    ensureObject(endpoints, KubeDnsObjects.NAME, objects::endpoints);
  }

  private void run() {
    Duration backoff = MIN_BACKOFF;
    while (stop.getCount() > 0) {
      Duration wait;
      try {
        ensure();
        if (registered.getCount() > 0) {
          log.info("Registered as an endpoint of Service {}/{} (EndpointSlice {})", KubeDnsObjects.NAMESPACE,
              KubeDnsObjects.NAME, objects.sliceName());
        }
        registered.countDown();
        backoff = MIN_BACKOFF;
        wait = RECHECK;
      } catch (ApiException e) {
        log.warn("Failed to register Service {}/{} and its endpoints ({}), retrying in {} ms", KubeDnsObjects.NAMESPACE,
            KubeDnsObjects.NAME, e.getMessage(), backoff.toMillis());
        wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } catch (RuntimeException e) {
        log.error("Failed to register Service {}/{}, retrying", KubeDnsObjects.NAMESPACE, KubeDnsObjects.NAME, e);
        wait = MAX_BACKOFF;
      }
      try {
        if (stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Get, compute, then create or update when different. A conflict or a concurrent create throws:
   * the next pass (soon, with backoff) starts again from what is stored.
   */
  private static <T extends com.google.protobuf.Message> T ensureObject(ResourceClient<T> client, String name,
      Function<Optional<T>, T> desired) {
    Optional<T> stored;
    try {
      stored = Optional.of(client.get(KubeDnsObjects.NAMESPACE, name));
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      stored = Optional.empty();
    }
    T wanted = desired.apply(stored);
    if (stored.isEmpty()) {
      T created = client.create(wanted);
      log.info("Created {} {}/{}", client.kind().kind(), KubeDnsObjects.NAMESPACE, name);
      return created;
    }
    if (wanted.equals(stored.get())) {
      return stored.get();
    }
    T updated = client.update(wanted);
    log.info("Updated {} {}/{}", client.kind().kind(), KubeDnsObjects.NAMESPACE, name);
    return updated;
  }

  /** Stops re-checking and removes this instance's slice and address (best effort: the API may be gone). */
  @Override
  public void close() {
    stop.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (registered.getCount() > 0) {
      return;
    }
    try {
      slices.delete(KubeDnsObjects.NAMESPACE, objects.sliceName());
      update(endpoints, KubeDnsObjects.NAME, objects::endpointsWithout);
      log.info("Removed this instance from the endpoints of Service {}/{}", KubeDnsObjects.NAMESPACE, KubeDnsObjects.NAME);
    } catch (ApiException e) {
      log.warn("Failed to remove this instance from the endpoints of Service {}/{}: {}", KubeDnsObjects.NAMESPACE,
          KubeDnsObjects.NAME, e.getMessage());
    }
  }

  private static <T extends com.google.protobuf.Message> void update(ResourceClient<T> client, String name, UnaryOperator<T> change) {
    T stored = client.get(KubeDnsObjects.NAMESPACE, name);
    T wanted = change.apply(stored);
    if (!wanted.equals(stored)) {
      client.update(wanted);
    }
  }
}
