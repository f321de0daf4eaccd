package io.kava.apiserver.watch;

import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.Storage;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch cache per resource, started at boot, the periodic bookmarks they send, and the periodic
 * check that the store's revision has not gone back behind them.
 */
public final class WatchCaches implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchCaches.class);

  private static final int DISPATCH_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Map<Kind, WatchCache> caches = new LinkedHashMap<>();
  /** The caches by their resource prefix ("/registry/pods/"), to find the cache of a written key. */
  private final Map<String, WatchCache> byPrefix = new HashMap<>();
  private final String root;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService dispatcher;
  private final Storage storage;
  private final StoreEpoch epoch;

  public WatchCaches(Storage storage, Keys keys, int capacity, int maxQueued, Duration bookmarkInterval, Duration retryDelay) {
    this.storage = storage;
    this.epoch = new StoreEpoch(storage, keys.root() + "/kava/store-epoch");
    this.scheduler = Executors.newScheduledThreadPool(2, threads("kava-watch-cache"));
    // A drain only hands events to gRPC (never blocks), so a few threads serve every watcher; a pool that
    // grew a thread per busy watcher spawned hundreds at each event fanned out to 1000 watches.
    this.dispatcher = Executors.newFixedThreadPool(DISPATCH_THREADS, threads("kava-watch-dispatch"));
    this.root = keys.root() + "/";
    for (Kind kind : Kinds.all()) {
      WatchCache cache = new WatchCache(kind, storage, keys.resourcePrefix(kind), capacity, maxQueued, scheduler, dispatcher,
          retryDelay);
      caches.put(kind, cache);
      byPrefix.put(keys.resourcePrefix(kind), cache);
    }
    long every = bookmarkInterval.toMillis();
    scheduler.scheduleWithFixedDelay(this::bookmarks, every, every, TimeUnit.MILLISECONDS);
    long check = retryDelay.toMillis();
    // The first check right away: it writes the epoch key of a new store before anything else runs.
    scheduler.scheduleWithFixedDelay(this::checkStoreRevision, 0, check, TimeUnit.MILLISECONDS);
  }

  public void start() {
    caches.values().forEach(WatchCache::start);
  }

  public WatchCache of(Kind kind) {
    return caches.get(kind);
  }

  /** This server wrote a key at a revision: its cache's LISTs answer no older than that ({@link WatchCache#wrote}). */
  public void wrote(String key, long revision) {
    int end = key.startsWith(root) ? key.indexOf('/', root.length()) : -1;
    WatchCache cache = end < 0 ? null : byPrefix.get(key.substring(0, end + 1));
    if (cache != null) {
      cache.wrote(revision);
    }
  }

  /**
   * Tells watchers that asked for bookmarks the revision each cache has applied, so a client whose
   * selector filters every change out still resumes from a recent revision.
   */
  private void bookmarks() {
    for (WatchCache c : caches.values()) {
      c.bookmark();
    }
  }

  /**
   * Two storage reads per interval for every cache: a store whose epoch changed lost its data, and
   * every cache reloads; a store whose revision is below what a cache has applied was restored or
   * emptied, and that cache reloads (see {@link WatchCache#checkStoreRevision}).
   */
  void checkStoreRevision() {
    Map<WatchCache, Long> seen = new LinkedHashMap<>();
    caches.values().forEach(c -> seen.put(c, c.revision()));
    long storeRevision;
    boolean replaced;
    try {
      storeRevision = storage.currentRevision();
      replaced = epoch.changed();
    } catch (RuntimeException e) {
      log.debug("Failed to read the storage revision: {}", e.getMessage());
      return;
    }
    if (replaced) {
      log.warn("The store lost its data (its epoch key is new), reloading every watch cache");
      caches.values().forEach(WatchCache::storeReplaced);
      return;
    }
    seen.forEach((cache, revision) -> cache.checkStoreRevision(revision, storeRevision));
  }

  /** True once the store's epoch has been read (or written): tests wait for it before counting writes. */
  public boolean epochKnown() {
    return epoch.known();
  }

  @Override
  public void close() {
    caches.values().forEach(WatchCache::close);
    scheduler.shutdownNow();
    dispatcher.shutdown();
  }

  static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
