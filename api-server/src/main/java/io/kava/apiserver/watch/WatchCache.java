package io.kava.apiserver.watch;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.storage.CompactedException;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Range;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageEvent;
import io.kava.apiserver.storage.StorageWatch;
import io.kava.apiserver.storage.StorageWatchListener;
import io.kava.client.Kind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch cache of one resource: a single storage watch on the resource's prefix, the current objects,
 * and a window of recent events, fanned out to every client watch. On start it reads the objects as of
 * S = max(compaction, current - window) and watches from S + 1, so clients can resume from any revision
 * at or after S, even across API server restarts. Older revisions are "Expired": the client relists.
 */
public final class WatchCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchCache.class);
  /** How long a LIST from the cache waits for this server's own last write before it answers anyway. */
  static final Duration OWN_WRITE_WAIT = Duration.ofSeconds(3);

  private final Kind kind;
  private final Storage storage;
  private final String prefix;
  private final int capacity;
  private final int maxQueued;
  private final ScheduledExecutorService scheduler;
  private final Executor dispatcher;
  private final Duration retryDelay;

  private final Object lock = new Object();
  private final TreeMap<String, CachedObject> current = new TreeMap<>();
  private final ArrayDeque<CacheEvent> window = new ArrayDeque<>();
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  /** Indexes inside the server told of every change (guarded by the lock). */
  private final List<CacheListener> listeners = new ArrayList<>();
  /** The trigger of this kind (pods: spec.nodeName), if it has one. */
  private final WatchTrigger trigger;
  /** Watchers that need every event; with a trigger, the others are in {@link #byTrigger}. */
  private final Set<Watcher> untriggered = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Set<Watcher>> byTrigger = new ConcurrentHashMap<>();
  /** Events offered to watchers (one per watcher per event): what the trigger index saves. */
  private final LongAdder offered = new LongAdder();
  /** The changes applied: moves with revision (several keys at one revision when one transaction wrote them). */
  private final RevisionPosition applied = new RevisionPosition(0);
  /** The newest revision at which this server wrote an object of the kind (see {@link #wrote}). */
  private final AtomicLong ownWrite = new AtomicLong();
  /** LISTs waiting for {@link #ownWrite} (guarded by the lock): applying events wakes them. */
  private int listsWaiting;
  private long oldestServable;
  private long revision;
  private boolean ready;
  private boolean closed;
  /** Consecutive failures to reach storage; the first is a warning, later ones are debug lines. */
  private int failures;
  private StorageWatch storageWatch;
  private int streamGeneration;

  public WatchCache(Kind kind, Storage storage, String prefix, int capacity, int maxQueued,
      ScheduledExecutorService scheduler, Executor dispatcher, Duration retryDelay) {
    this(kind, storage, prefix, capacity, maxQueued, scheduler, dispatcher, retryDelay, true);
  }

  /** indexTriggers false: every watch is offered every event, as before the index (the benchmark's baseline). */
  WatchCache(Kind kind, Storage storage, String prefix, int capacity, int maxQueued,
      ScheduledExecutorService scheduler, Executor dispatcher, Duration retryDelay, boolean indexTriggers) {
    this.kind = kind;
    this.storage = storage;
    this.prefix = prefix;
    this.capacity = capacity;
    this.maxQueued = maxQueued;
    this.scheduler = scheduler;
    this.dispatcher = dispatcher;
    this.retryDelay = retryDelay;
    this.trigger = indexTriggers ? WatchTrigger.forKind(kind).orElse(null) : null;
  }

  public Kind kind() {
    return kind;
  }

  public void start() {
    scheduler.execute(this::initialize);
  }

  /** Reads the snapshot at the window's start and opens the storage watch after it. */
  private void initialize() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    try {
      long now = storage.currentRevision();
      long start = Math.max(1, now - capacity);
      Range snapshot;
      try {
        snapshot = storage.range(prefix, start);
      } catch (CompactedException e) {
        snapshot = storage.range(prefix, 0);
        start = snapshot.revision();
      }
      synchronized (lock) {
        if (closed) {
          return;
        }
        current.clear();
        window.clear();
        for (KeyValue kv : snapshot.items()) {
          current.put(kv.key(), CachedObject.fromStorage(kind, kv.value(), kv.modRevision()));
        }
        revision = start;
        tellReplaced(listeners);
        applied.completeAt(start);
        oldestServable = start;
        ready = true;
        failures = 0;
        lock.notifyAll();
        openStream(start + 1);
      }
      log.info("Started the watch cache of {} at revision {} with {} objects", kind.resource(), start, snapshot.items().size());
    } catch (RuntimeException e) {
      long delay;
      synchronized (lock) {
        delay = nextDelay();
        if (failures == 1) {
          log.warn("Failed to start the watch cache of {}, retrying every few seconds: {}", kind.resource(), e.getMessage());
        } else {
          log.debug("Failed to start the watch cache of {} again: {}", kind.resource(), e.getMessage());
        }
      }
      scheduler.schedule(this::initialize, delay, TimeUnit.MILLISECONDS);
    }
  }

  /** The pause before the next retry: the configured delay, doubling with each failure up to 4 times it. */
  private long nextDelay() {
    failures++;
    return retryDelay.toMillis() * (1L << Math.min(2, failures - 1));
  }

  /** Opens the storage watch from a revision; called under the lock. */
  private void openStream(long from) {
    int generation = ++streamGeneration;
    storageWatch = storage.watch(prefix, from, new StorageWatchListener() {
      @Override
      public void onEvents(List<StorageEvent> events) {
        apply(generation, events);
      }

      @Override
      public void onCompacted(long compactRevision) {
        restartAfterCompaction(generation, compactRevision);
      }

      @Override
      public void onError(Throwable error) {
        resume(generation, error);
      }
    });
  }

  private void apply(int generation, List<StorageEvent> events) {
    synchronized (lock) {
      if (generation != streamGeneration || closed) {
        return;
      }
      if (failures > 0) {
        log.info("Resumed the storage watch of {} at revision {}", kind.resource(), revision);
        failures = 0;
      }
      for (StorageEvent e : events) {
        // Already applied (a resumed stream may repeat its first revision); one transaction of several keys
        // gives them all one revision, so only a key seen at that revision is a repeat.
        if (!applied.advance(e.revision(), e.key())) {
          continue;
        }
        Message previous = CachedObject.objectOf(current.get(e.key()));
        if (previous == null && e.prevValue() != null) {
          previous = Codec.decode(kind, e.prevValue(), e.revision());
        }
        CacheEvent event;
        if (e.type() == StorageEvent.Type.DELETE) {
          if (previous == null) {
            revision = e.revision();
            continue;
          }
          Message last = Codec.withRevision(previous, e.revision());
          current.remove(e.key());
          event = new CacheEvent(CacheEvent.Type.DELETED, e.key(), last, previous, e.revision());
        } else {
          CachedObject object = CachedObject.fromStorage(kind, e.value(), e.revision());
          current.put(e.key(), object);
          event = new CacheEvent(previous == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED,
              e.key(), object, previous, e.revision());
        }
        revision = e.revision();
        for (CacheListener l : listeners) {
          l.changed(event.previous(), event.type() == CacheEvent.Type.DELETED ? null : event.object());
        }
        window.addLast(event);
        while (window.size() > capacity) {
          oldestServable = window.removeFirst().revision();
        }
        dispatch(event);
      }
      if (listsWaiting > 0) {
        lock.notifyAll();
      }
    }
  }

  /**
   * Tells a listener of every change from now on; when the cache is ready, first of its current objects
   * (else when it loads them).
   */
  public void addListener(CacheListener listener) {
    synchronized (lock) {
      listeners.add(listener);
      if (ready) {
        tellReplaced(List.of(listener));
      }
    }
  }

  /** Called under the lock. */
  private void tellReplaced(List<CacheListener> targets) {
    if (targets.isEmpty()) {
      return;
    }
    List<Message> objects = current.values().stream().map(CachedObject::object).toList();
    for (CacheListener l : targets) {
      l.replaced(objects);
    }
  }

  /** Offers an event to the watchers it can concern (called under the lock, in revision order). */
  private void dispatch(CacheEvent event) {
    if (trigger == null) {
      offerAll(watchers, event);
      return;
    }
    offerAll(untriggered, event);
    String before = trigger.of(event.previous());
    String after = event.type() == CacheEvent.Type.DELETED ? null : trigger.of(event.object());
    if (after != null) {
      offerAll(byTrigger.getOrDefault(after, Set.of()), event);
    }
    if (before != null && !before.equals(after)) {
      offerAll(byTrigger.getOrDefault(before, Set.of()), event);
    }
  }

  private void offerAll(Set<Watcher> targets, CacheEvent event) {
    for (Watcher w : targets) {
      w.offer(event);
    }
    offered.add(targets.size());
  }

  /** The storage stream broke: open a new one from the last revision applied, after a pause. */
  private void resume(int generation, Throwable error) {
    synchronized (lock) {
      if (generation != streamGeneration || closed) {
        return;
      }
      streamGeneration++;
    }
    long delay;
    synchronized (lock) {
      delay = nextDelay();
      if (failures == 1) {
        log.warn("Lost the storage watch of {} at revision {}, resuming: {}", kind.resource(), revision, error.getMessage());
      } else {
        log.debug("Lost the storage watch of {} again: {}", kind.resource(), error.getMessage());
      }
    }
    scheduler.schedule(this::reopen, delay, TimeUnit.MILLISECONDS);
  }

  private void reopen() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        openStream(revision + 1);
      } catch (RuntimeException e) {
        log.warn("Failed to reopen the storage watch of {}: {}", kind.resource(), e.getMessage());
        scheduler.schedule(this::reopen, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * History we had not read yet is gone: read a fresh snapshot. Events in between are lost, so every
   * client watch ends with "Expired" and its client relists.
   */
  private void restartAfterCompaction(int generation, long compactRevision) {
    synchronized (lock) {
      if (generation != streamGeneration || closed) {
        return;
      }
    }
    log.warn("Storage history of {} was compacted at {} past the cache's revision {}, reloading",
        kind.resource(), compactRevision, revision);
    reload(generation, "was reloaded after storage compaction at revision " + compactRevision);
  }

  /**
   * The store's revision is below the cache's: etcd was restored from a snapshot or lost its data. The
   * cache's objects and window describe a history the store no longer has, and its storage watch (from
   * a revision the store has not reached) would stay silent: reload from the store and end every client
   * watch with "Expired", so that clients relist (upstream's reflector does the same on a 410).
   *
   * @param seenRevision the cache's {@link #revision()}, read first
   * @param storeRevision the store's current revision, read after it (so a sane store is never below it)
   */
  public void checkStoreRevision(long seenRevision, long storeRevision) {
    int generation;
    synchronized (lock) {
      if (!ready || closed || storeRevision >= seenRevision) {
        return;
      }
      generation = streamGeneration;
    }
    log.warn("Storage revision of {} went back from {} to {} (etcd restored or emptied), reloading",
        kind.resource(), seenRevision, storeRevision);
    reload(generation, "was reloaded: the storage revision went back from " + seenRevision + " to " + storeRevision);
  }

  /** The store lost its data ({@link StoreEpoch}): reload, whatever the revisions say. */
  public void storeReplaced() {
    int generation;
    synchronized (lock) {
      if (!ready || closed) {
        return;
      }
      generation = streamGeneration;
    }
    reload(generation, "was reloaded: the store lost its data");
  }

  private void reload(int generation, String why) {
    List<Watcher> ended;
    synchronized (lock) {
      if (generation != streamGeneration || closed) {
        return;
      }
      streamGeneration++;
      if (storageWatch != null) {
        storageWatch.close();
      }
      ready = false;
      // Writes recorded before describe the store's old history: the reloaded cache need not wait for them.
      ownWrite.set(0);
      ended = new ArrayList<>(watchers);
      clearWatchers();
    }
    for (Watcher w : ended) {
      w.fail(ApiError.expired("too old resource version: the watch cache of " + kind.resource() + " " + why));
    }
    scheduler.execute(this::initialize);
  }

  /**
   * Registers a client watch. resourceVersion "" or "0" starts with the current objects as ADDED events;
   * a revision streams every change after it, or fails with Expired when it is older than the window.
   */
  public Watcher watch(WatchFilter filter, String resourceVersion, boolean bookmarks, WatchSink sink, Duration readyTimeout) {
    boolean fromCurrent = resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0");
    long from = 0;
    if (!fromCurrent) {
      try {
        from = Long.parseLong(resourceVersion);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("invalid resource version \"" + resourceVersion + "\"");
      }
    }
    if (!fromCurrent) {
      refuseRevisionAheadOfStore(from, readyTimeout);
    }
    Watcher watcher;
    synchronized (lock) {
      awaitReady(readyTimeout);
      if (fromCurrent) {
        watcher = newWatcher(filter, bookmarks, revision, sink);
        long newestSent = 0;
        for (CachedObject cached : current.values()) {
          Message object = cached.object();
          if (filter.matches(object)) {
            long objectRevision = Long.parseLong(io.kava.client.ApiObjects.resourceVersion(object));
            watcher.enqueueInitial(Watcher.packedEvent("ADDED", cached.packed(), objectRevision));
            newestSent = Math.max(newestSent, objectRevision);
          }
        }
        watcher.clientKnowsOnlyUpTo(newestSent);
      } else {
        if (from < oldestServable) {
          throw ApiError.expired("too old resource version: " + from + " (" + oldestServable + ")");
        }
        watcher = newWatcher(filter, bookmarks, from, sink);
        for (CacheEvent e : window) {
          if (e.revision() > from) {
            watcher.offer(e);
          }
        }
      }
      register(watcher, filter);
    }
    watcher.signal();
    return watcher;
  }

  /**
   * A revision the store has not reached was seen before a restore or a data loss: waiting for it would
   * hang the client on a history that will never be, so it relists (upstream answers "Too large resource
   * version" and its reflector relists). Only a revision ahead of the cache costs a storage read.
   */
  private void refuseRevisionAheadOfStore(long from, Duration readyTimeout) {
    synchronized (lock) {
      awaitReady(readyTimeout);
      if (from <= revision) {
        return;
      }
    }
    long storeRevision;
    try {
      storeRevision = storage.currentRevision();
    } catch (RuntimeException e) {
      throw ApiError.unavailable("the watch cache of " + kind.resource() + " could not read the storage revision: " + e.getMessage());
    }
    if (from > storeRevision) {
      throw ApiError.expired("too large resource version: " + from + ", the storage is at revision " + storeRevision
          + " (restored from a snapshot or emptied): relist");
    }
  }

  private Watcher newWatcher(WatchFilter filter, boolean bookmarks, long position, WatchSink sink) {
    Watcher[] self = new Watcher[1];
    self[0] = new Watcher(kind, filter, bookmarks, maxQueued, position, sink, dispatcher, () -> unregister(self[0], filter));
    return self[0];
  }

  private void register(Watcher watcher, WatchFilter filter) {
    watchers.add(watcher);
    String value = trigger == null ? null : trigger.requiredBy(filter);
    if (value == null) {
      untriggered.add(watcher);
    } else {
      byTrigger.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(watcher);
    }
  }

  private void unregister(Watcher watcher, WatchFilter filter) {
    watchers.remove(watcher);
    untriggered.remove(watcher);
    String value = trigger == null ? null : trigger.requiredBy(filter);
    if (value != null) {
      byTrigger.computeIfPresent(value, (v, set) -> {
        set.remove(watcher);
        return set.isEmpty() ? null : set;
      });
    }
  }

  /** How many times an event was offered to a watcher since start (each offer runs the watcher's filter). */
  public long eventsOffered() {
    return offered.sum();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw ApiError.unavailable("the watch cache of " + kind.resource() + " is not ready: storage is unavailable");
      }
      try {
        lock.wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiError.unavailable("interrupted while waiting for the watch cache");
      }
    }
    if (closed) {
      throw ApiError.unavailable("the API server is shutting down");
    }
  }

  /** Sends a BOOKMARK at the cache's revision to watchers that asked for them and have not seen it. */
  public void bookmark() {
    synchronized (lock) {
      if (!ready) {
        return;
      }
      for (Watcher w : watchers) {
        w.bookmark(revision);
      }
    }
  }

  /**
   * The object stored under the key as of the cache's revision; empty when there is none or the cache is
   * not ready (callers that must know then read storage).
   */
  public Optional<Message> cached(String key) {
    synchronized (lock) {
      return ready ? Optional.ofNullable(current.get(key)).map(CachedObject::object) : Optional.empty();
    }
  }

  /**
   * The objects of a namespace ("" for all) as of the cache's revision, unpacked; empty when the cache is
   * not ready. For readers inside the server (the RBAC authorizer) that must not read storage per request.
   */
  public List<Message> objects(String namespace) {
    synchronized (lock) {
      if (!ready) {
        return List.of();
      }
      var values = namespace.isEmpty() ? current.values()
          : current.subMap(prefix + namespace + "/", prefix + namespace + "0").values();
      List<Message> out = new ArrayList<>(values.size());
      for (CachedObject cached : values) {
        out.add(cached.object());
      }
      return out;
    }
  }

  /** A LIST's answer from the cache: the objects packed for the wire, as of the cache's revision. */
  public record CachedList(List<Any> items, long revision) {}

  /**
   * This server wrote the kind at a revision: a LIST from the cache waits (briefly) until it has applied
   * it, so a client reads its own writes through this server, as a LIST from etcd would give them.
   */
  public void wrote(long writeRevision) {
    ownWrite.accumulateAndGet(writeRevision, Math::max);
  }

  /**
   * A LIST served from the cache (upstream's resourceVersion "0": any recent state, no storage read),
   * at a revision not older than minRevision (0: any) and than this server's own last write of the kind
   * (waited for up to {@link #OWN_WRITE_WAIT}); empty when the cache is not ready or behind minRevision,
   * where upstream's cacher reads storage. The objects are taken under the lock and filtered and packed
   * outside it, so events keep flowing.
   */
  public Optional<CachedList> list(WatchFilter filter, long minRevision) {
    List<CachedObject> objects;
    long at;
    synchronized (lock) {
      awaitOwnWrite();
      if (!ready || closed || revision < minRevision) {
        return Optional.empty();
      }
      String namespace = filter.namespace();
      // Keys are prefix + namespace + "/" + name: '0' is the character after '/'.
      objects = new ArrayList<>(namespace.isEmpty() ? current.values()
          : current.subMap(prefix + namespace + "/", prefix + namespace + "0").values());
      at = revision;
    }
    boolean everything = filter.namespace().isEmpty() && filter.labels().isEmpty() && filter.fields().isEmpty();
    List<Any> items = new ArrayList<>(objects.size());
    for (CachedObject cached : objects) {
      if (everything || filter.matches(cached.object())) {
        items.add(cached.packed());
      }
    }
    return Optional.of(new CachedList(items, at));
  }

  /** Waits under the lock until the cache has applied this server's last write, the wait bounded. */
  private void awaitOwnWrite() {
    long deadline = System.nanoTime() + OWN_WRITE_WAIT.toNanos();
    listsWaiting++;
    try {
      while (ready && !closed && revision < ownWrite.get()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      listsWaiting--;
    }
  }

  /** The revision up to which the cache has applied every change; clients may resume from it. */
  public long revision() {
    synchronized (lock) {
      return revision;
    }
  }

  public long oldestServable() {
    synchronized (lock) {
      return oldestServable;
    }
  }

  private void clearWatchers() {
    watchers.clear();
    untriggered.clear();
    byTrigger.clear();
  }

  public int watcherCount() {
    return watchers.size();
  }

  @Override
  public void close() {
    List<Watcher> ended;
    synchronized (lock) {
      closed = true;
      streamGeneration++;
      if (storageWatch != null) {
        storageWatch.close();
      }
      ended = new ArrayList<>(watchers);
      clearWatchers();
      lock.notifyAll();
    }
    for (Watcher w : ended) {
      w.fail(ApiError.unavailable("the API server is shutting down"));
    }
  }
}
