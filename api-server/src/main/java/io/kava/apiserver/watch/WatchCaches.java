package io.kava.apiserver.watch;

import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.Storage;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One watch cache per resource, started at boot, and the periodic bookmarks they send. */
public final class WatchCaches implements AutoCloseable {

  private final Map<Kind, WatchCache> caches = new LinkedHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService dispatcher;
  private final Storage storage;

  public WatchCaches(Storage storage, Keys keys, int capacity, int maxQueued, Duration bookmarkInterval, Duration retryDelay) {
    this.storage = storage;
    this.scheduler = Executors.newScheduledThreadPool(2, threads("kava-watch-cache"));
    this.dispatcher = Executors.newCachedThreadPool(threads("kava-watch-dispatch"));
    for (Kind kind : Kinds.all()) {
      caches.put(kind, new WatchCache(kind, storage, keys.resourcePrefix(kind), capacity, maxQueued, scheduler, dispatcher, retryDelay));
    }
    long every = bookmarkInterval.toMillis();
    scheduler.scheduleWithFixedDelay(this::bookmarks, every, every, TimeUnit.MILLISECONDS);
  }

  public void start() {
    caches.values().forEach(WatchCache::start);
  }

  public WatchCache of(Kind kind) {
    return caches.get(kind);
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
