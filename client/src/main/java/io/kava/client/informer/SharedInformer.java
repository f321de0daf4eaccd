package io.kava.client.informer;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.ListOptions;
import io.kava.client.ListResult;
import io.kava.client.ResourceClient;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * client-go's shared informer: lists, then watches from the list's revision, keeping a local cache
 * ({@link Lister}) and telling handlers what changed. It relists when the server says the revision
 * expired and reconnects with backoff when the API server goes away, resuming from the last revision
 * it saw, so handlers see every change exactly once in order.
 *
 * <p>One thread does everything (list, apply events, call handlers): watch callbacks only hand events
 * to it through a queue, so the cache and the handlers always see one consistent sequence.
 */
public final class SharedInformer<T extends Message> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedInformer.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10); // upstream: 30 s; a local cluster should come back quickly

  private final ResourceClient<T> client;
  private final ListOptions options;
  private final Duration resyncPeriod;
  private final Indexer<T> indexer = new Indexer<>();
  private final Lister<T> lister = new Lister<>(indexer);
  private final List<ResourceEventHandler<T>> handlers = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Signal<T>> signals = new LinkedBlockingQueue<>();
  private final CountDownLatch synced = new CountDownLatch(1);
  private final String name;
  private volatile boolean stopped;
  /** The revision to resume watching from; null when the cache must be relisted. Informer thread only. */
  private String resourceVersion;
  private boolean receivedSinceWatch;
  /**
   * The revision of the last list or event applied, kept across relists (upstream's
   * lastSyncResourceVersion): "" before the first list. Informer thread only.
   */
  private String lastSyncResourceVersion = "";
  /** A list at lastSyncResourceVersion failed as too old or too new: list the latest instead. Informer thread only. */
  private boolean lastSyncUnavailable;
  /** The highest revision this informer has seen (lists, events, bookmarks). Informer thread only. */
  private long highestSeen;
  private volatile Thread thread;

  /** What the watch callbacks hand to the informer thread: an event, or the end of the stream. */
  private record Signal<T>(WatchEvent<T> event, ApiException closeError, boolean closed) {}

  public SharedInformer(ResourceClient<T> client, ListOptions options) {
    this(client, options, Duration.ZERO);
  }

  /** resyncPeriod > 0 replays every cached object to onUpdate(o, o) that often, so controllers re-check. */
  public SharedInformer(ResourceClient<T> client, ListOptions options, Duration resyncPeriod) {
    this.client = client;
    this.options = options;
    this.resyncPeriod = resyncPeriod;
    this.name = client.kind().resource();
  }

  public void addEventHandler(ResourceEventHandler<T> handler) {
    handlers.add(handler);
    // A handler added after sync must still hear of the objects already cached.
    if (hasSynced()) {
      for (T object : indexer.list()) {
        handler.onAdd(object);
      }
    }
  }

  public void addIndex(String indexName, Function<T, Collection<String>> indexFunction) {
    indexer.addIndex(indexName, indexFunction);
  }

  public Lister<T> lister() {
    return lister;
  }

  public boolean hasSynced() {
    return synced.getCount() == 0;
  }

  /** Blocks until the first list has filled the cache; false on timeout. */
  public boolean waitForSync(Duration timeout) throws InterruptedException {
    return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::run, "informer-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void run() {
    Duration backoff = MIN_BACKOFF;
    resourceVersion = null; // null: must list
    while (!stopped) {
      Watch watch = null;
      try {
        if (resourceVersion == null) {
          resourceVersion = relist();
        }
        signals.clear();
        receivedSinceWatch = false;
        watch = client.watch(options, resourceVersion, new QueueingListener());
        if (follow()) {
          backoff = MIN_BACKOFF; // the stream delivered events: reconnect at once
        }
      } catch (ApiException e) {
        if (e.isExpired()) {
          log.info("Watch of {} expired, relisting", name);
          handlers.forEach(ResourceEventHandler::onWatchExpired);
          resourceVersion = null;
          continue;
        }
        if (receivedSinceWatch) {
          backoff = MIN_BACKOFF; // the stream worked for a while: the first retry comes quickly
        }
        log.warn("Lost {} watch ({}), retrying in {} ms", name, e.getMessage(), backoff.toMillis());
        if (!sleep(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("Informer for {} failed, retrying", name, e);
        if (!sleep(backoff)) {
          return;
        }
      } finally {
        if (watch != null) {
          watch.close();
        }
      }
    }
  }

  /**
   * Lists and replaces the cache as client-go's Replace does, telling handlers of every difference:
   * any resourceVersion other than the cached one is an update, lower ones included (after an etcd
   * restore every object's revision may be lower than the cache's). Returns the list's revision.
   */
  private String relist() {
    ListResult<T> result = list();
    Set<String> seen = new HashSet<>();
    boolean wentBack = numeric(result.resourceVersion()) < highestSeen;
    for (T object : result.items()) {
      seen.add(ApiObjects.key(object));
      T old = indexer.put(object);
      if (old == null) {
        handlers.forEach(h -> h.onAdd(object));
      } else if (!ApiObjects.resourceVersion(old).equals(ApiObjects.resourceVersion(object))) {
        wentBack |= numeric(ApiObjects.resourceVersion(object)) < numeric(ApiObjects.resourceVersion(old));
        handlers.forEach(h -> h.onUpdate(old, object));
      }
    }
    for (String key : indexer.keys()) {
      if (!seen.contains(key)) {
        T gone = indexer.remove(key);
        handlers.forEach(h -> h.onDelete(gone));
      }
    }
    if (wentBack) {
      log.warn("Relisted {} at revision {}, behind what this informer had seen ({}): the store was restored or lost data",
          name, result.resourceVersion(), highestSeen);
      handlers.forEach(ResourceEventHandler::onRevisionWentBack);
    }
    highestSeen = numeric(result.resourceVersion());
    lastSyncResourceVersion = result.resourceVersion();
    lastSyncUnavailable = false;
    synced.countDown();
    log.debug("Listed {} {} at revision {}", result.items().size(), name, result.resourceVersion());
    return result.resourceVersion();
  }

  /**
   * Lists as upstream's reflector: the first list at "0" and later ones at the last revision synced, both
   * served from the API server's watch cache, so that a restarted control plane or a thousand kubelets
   * do not all read etcd; a list refused as too old or too new (a restored store) falls back to the
   * latest, read from etcd. The watch from the list's revision follows either way, so no later event is
   * missed.
   */
  private ListResult<T> list() {
    String at = lastSyncUnavailable ? "" : lastSyncResourceVersion.isEmpty() ? "0" : lastSyncResourceVersion;
    try {
      return client.list(options, at);
    } catch (ApiException e) {
      if (!e.isExpired() || at.isEmpty()) {
        throw e;
      }
      log.info("Listing {} at revision {} was refused ({}), listing the latest", name, at, e.getMessage());
      lastSyncUnavailable = true;
      return client.list(options, "");
    }
  }

  /** A resourceVersion as a number (the etcd revision); 0 for one that is not a number. */
  private static long numeric(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Applies watch events until the stream closes, keeping {@link #resourceVersion} at the last revision
   * seen. Returns whether any event arrived; throws the stream's error (expired: the caller relists).
   */
  private boolean follow() throws InterruptedException {
    boolean received = false;
    long nextResync = resyncPeriod.isZero() ? Long.MAX_VALUE : System.nanoTime() + resyncPeriod.toNanos();
    while (!stopped) {
      long waitNanos = Math.min(nextResync - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
      Signal<T> signal = signals.poll(Math.max(waitNanos, 0), TimeUnit.NANOSECONDS);
      if (System.nanoTime() >= nextResync) {
        resync();
        nextResync = System.nanoTime() + resyncPeriod.toNanos();
      }
      if (signal == null) {
        continue;
      }
      if (signal.closed()) {
        if (signal.closeError() != null) {
          throw signal.closeError();
        }
        return received;
      }
      received = true;
      receivedSinceWatch = true;
      resourceVersion = apply(signal.event(), resourceVersion);
      lastSyncResourceVersion = resourceVersion;
    }
    return received;
  }

  private String apply(WatchEvent<T> event, String resourceVersion) {
    String rv = event.resourceVersion();
    highestSeen = Math.max(highestSeen, numeric(rv));
    if (event.type() == WatchEvent.Type.BOOKMARK) {
      return rv == null || rv.isEmpty() ? resourceVersion : rv;
    }
    T object = event.object();
    if (rv == null || rv.isEmpty()) {
      rv = ApiObjects.resourceVersion(object);
    }
    switch (event.type()) {
      case ADDED, MODIFIED -> {
        T old = indexer.put(object);
        if (old == null) {
          handlers.forEach(h -> h.onAdd(object));
        } else {
          handlers.forEach(h -> h.onUpdate(old, object));
        }
      }
      case DELETED -> {
        T old = indexer.remove(ApiObjects.key(object));
        handlers.forEach(h -> h.onDelete(old != null ? old : object));
      }
      default -> { }
    }
    return rv;
  }

  private void resync() {
    for (T object : indexer.list()) {
      handlers.forEach(h -> h.onUpdate(object, object));
    }
  }

  private boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return !stopped;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private final class QueueingListener implements WatchListener<T> {
    @Override
    public void onEvent(WatchEvent<T> event) {
      signals.add(new Signal<>(event, null, false));
    }

    /** It only queues (an unbounded queue): events need no executor hand-off on their way in. */
    @Override
    public boolean neverBlocks() {
      return true;
    }

    @Override
    public void onClose(ApiException error) {
      signals.add(new Signal<>(null, error, true));
    }
  }
}
