package io.kava.client.informer;

import com.google.protobuf.Message;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands out one shared informer per kind, as client-go's SharedInformerFactory, so that several
 * controllers in one process share a single watch and cache of pods (or of anything else).
 */
public final class InformerFactory implements AutoCloseable {
  private final KavaClient client;
  private final ListOptions options;
  private final Duration resyncPeriod;
  private final Map<Class<?>, SharedInformer<?>> informers = new LinkedHashMap<>();

  public InformerFactory(KavaClient client, Duration resyncPeriod) {
    this(client, ListOptions.all(), resyncPeriod);
  }

  /** Every informer of this factory lists and watches with the given options (e.g. a field selector). */
  public InformerFactory(KavaClient client, ListOptions options, Duration resyncPeriod) {
    this.client = client;
    this.options = options;
    this.resyncPeriod = resyncPeriod;
  }

  @SuppressWarnings("unchecked")
  public synchronized <T extends Message> SharedInformer<T> informer(Class<T> type) {
    return (SharedInformer<T>) informers.computeIfAbsent(type,
        t -> new SharedInformer<>(client.resource(type), options, resyncPeriod));
  }

  public synchronized void start() {
    informers.values().forEach(SharedInformer::start);
  }

  /** Waits until every informer handed out so far has listed once; false on timeout. */
  public boolean waitForSync(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SharedInformer<?> informer : snapshot().values()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !informer.waitForSync(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }

  private synchronized Map<Class<?>, SharedInformer<?>> snapshot() {
    return new LinkedHashMap<>(informers);
  }

  @Override
  public synchronized void close() {
    informers.values().forEach(SharedInformer::close);
  }
}
