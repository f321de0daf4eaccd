package io.kava.apiserver.testing;

import io.kava.apiserver.storage.CompactedException;
import io.kava.apiserver.storage.KeyExistsException;
import io.kava.apiserver.storage.KeyNotFoundException;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Range;
import io.kava.apiserver.storage.RevisionConflictException;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageEvent;
import io.kava.apiserver.storage.StorageUnavailableException;
import io.kava.apiserver.storage.StorageWatch;
import io.kava.apiserver.storage.StorageWatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-memory {@link Storage} with etcd's semantics (one global revision, mod revisions, compare-and-swap,
 * history for watches from a past revision, compaction), for unit tests. {@link #setAvailable(boolean)}
 * simulates etcd going away: calls fail and open watches break.
 */
public final class InMemoryStorage implements Storage {
  private final List<String> rangesRead = new ArrayList<>();
  private final TreeMap<String, KeyValue> data = new TreeMap<>();
  private final List<Change> history = new ArrayList<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "in-memory-storage-watch");
    t.setDaemon(true);
    return t;
  });
  private long revision = 1;
  private long compacted;
  private volatile boolean available = true;
  private volatile java.util.function.Consumer<String> beforeGet = key -> {};
  private int writes;

  public record Change(StorageEvent event) {}

  private final class Subscription implements StorageWatch {
    final String prefix;
    final StorageWatchListener listener;
    volatile boolean closed;

    Subscription(String prefix, StorageWatchListener listener) {
      this.prefix = prefix;
      this.listener = listener;
    }

    @Override
    public void close() {
      closed = true;
      subscriptions.remove(this);
    }
  }

  public synchronized void setAvailable(boolean available) {
    this.available = available;
    if (!available) {
      for (Subscription s : subscriptions) {
        s.close();
        delivery.execute(() -> s.listener.onError(new StorageUnavailableException("in-memory etcd went away", null)));
      }
    }
  }

  /** What a snapshot of etcd holds: the data and history up to a revision. */
  public record Snapshot(TreeMap<String, KeyValue> data, List<Change> history, long revision) {}

  public synchronized Snapshot save() {
    return new Snapshot(new TreeMap<>(data), new ArrayList<>(history), revision);
  }

  /**
   * As etcdctl snapshot restore: the data and revision go back to the snapshot's. Open watches stay
   * open and, as etcd's, deliver only later writes (whose revisions are lower than what they saw).
   */
  public synchronized void restore(Snapshot snapshot) {
    data.clear();
    data.putAll(snapshot.data());
    history.clear();
    history.addAll(snapshot.history());
    revision = snapshot.revision();
    compacted = 0;
  }

  /** As an etcd whose data directory was emptied: no keys, revision 1. */
  public synchronized void wipe() {
    restore(new Snapshot(new TreeMap<>(), List.of(), 1));
  }

  /** Number of successful writes so far (tests assert that refused requests wrote nothing). */
  public synchronized int writes() {
    return writes;
  }

  /** Ranges read under a prefix so far (tests assert that a LIST from the watch cache read none). */
  public synchronized int ranges(String prefix) {
    return (int) rangesRead.stream().filter(p -> p.startsWith(prefix)).count();
  }

  public synchronized Map<String, KeyValue> snapshot() {
    return new TreeMap<>(data);
  }

  private void check() {
    if (!available) {
      throw new StorageUnavailableException("in-memory etcd is unavailable", null);
    }
  }

  /** Runs before every get, outside the store's lock: a test makes one key's reads slow (a stuck etcd) with it. */
  public void beforeGet(java.util.function.Consumer<String> hook) {
    beforeGet = hook;
  }

  @Override
  public Optional<KeyValue> get(String key) {
    beforeGet.accept(key);
    synchronized (this) {
      check();
      return Optional.ofNullable(data.get(key));
    }
  }

  @Override
  public synchronized Range range(String prefix, long atRevision) {
    check();
    rangesRead.add(prefix);
    if (atRevision > 0 && atRevision < compacted) {
      throw new CompactedException(compacted);
    }
    if (atRevision == 0 || atRevision >= revision) {
      List<KeyValue> items = new ArrayList<>(data.subMap(prefix, prefix + Character.MAX_VALUE).values());
      return new Range(items, revision);
    }
    // Rebuild the state at the revision by undoing later changes.
    TreeMap<String, KeyValue> state = new TreeMap<>(data.subMap(prefix, prefix + Character.MAX_VALUE));
    for (int i = history.size() - 1; i >= 0; i--) {
      StorageEvent e = history.get(i).event();
      if (e.revision() <= atRevision) {
        break;
      }
      if (!e.key().startsWith(prefix)) {
        continue;
      }
      if (e.prevValue() == null) {
        state.remove(e.key());
      } else {
        state.put(e.key(), previousKeyValue(e.key(), i));
      }
    }
    return new Range(new ArrayList<>(state.values()), revision);
  }

  private KeyValue previousKeyValue(String key, int beforeIndex) {
    long create = 0;
    for (int i = beforeIndex - 1; i >= 0; i--) {
      StorageEvent e = history.get(i).event();
      if (e.key().equals(key)) {
        for (int j = i; j >= 0; j--) {
          StorageEvent c = history.get(j).event();
          if (c.key().equals(key) && c.created()) {
            create = c.revision();
            break;
          }
        }
        return new KeyValue(key, e.value(), create, e.revision());
      }
    }
    throw new IllegalStateException("No earlier version of " + key);
  }

  @Override
  public synchronized long create(String key, byte[] value) {
    check();
    if (data.containsKey(key)) {
      throw new KeyExistsException(key);
    }
    return put(key, value, null);
  }

  private Runnable beforeNextUpdate;

  /** Runs once, just before the next update compares revisions: a concurrent writer that wins the race. */
  public synchronized void beforeNextUpdate(Runnable writer) {
    beforeNextUpdate = writer;
  }

  /** Rewrites a key with its own value: its modRevision moves, as a concurrent status write moves it. */
  public synchronized void touch(String key) {
    KeyValue current = data.get(key);
    put(key, current.value(), current);
  }

  @Override
  public synchronized long update(String key, byte[] value, long expectedModRevision) {
    check();
    Runnable writer = beforeNextUpdate;
    beforeNextUpdate = null;
    if (writer != null) {
      writer.run();
    }
    KeyValue current = data.get(key);
    if (current == null) {
      throw new KeyNotFoundException(key);
    }
    if (current.modRevision() != expectedModRevision) {
      throw new RevisionConflictException(key, expectedModRevision, current.modRevision());
    }
    return put(key, value, current);
  }

  private long put(String key, byte[] value, KeyValue previous) {
    long rev = ++revision;
    long create = previous == null ? rev : previous.createRevision();
    data.put(key, new KeyValue(key, value, create, rev));
    record(new StorageEvent(StorageEvent.Type.PUT, key, value, previous == null ? null : previous.value(), rev, previous == null));
    return rev;
  }

  @Override
  public synchronized long delete(String key, long expectedModRevision) {
    check();
    KeyValue current = data.get(key);
    if (current == null) {
      throw new KeyNotFoundException(key);
    }
    if (current.modRevision() != expectedModRevision) {
      throw new RevisionConflictException(key, expectedModRevision, current.modRevision());
    }
    long rev = ++revision;
    data.remove(key);
    record(new StorageEvent(StorageEvent.Type.DELETE, key, null, current.value(), rev, false));
    return rev;
  }

  private void record(StorageEvent event) {
    writes++;
    history.add(new Change(event));
    for (Subscription s : subscriptions) {
      if (event.key().startsWith(s.prefix)) {
        delivery.execute(() -> {
          if (!s.closed) {
            s.listener.onEvents(List.of(event));
          }
        });
      }
    }
  }

  @Override
  public synchronized long currentRevision() {
    check();
    return revision;
  }

  @Override
  public synchronized StorageWatch watch(String prefix, long fromRevision, StorageWatchListener listener) {
    check();
    Subscription s = new Subscription(prefix, listener);
    if (fromRevision > 0 && fromRevision < compacted) {
      long c = compacted;
      delivery.execute(() -> listener.onCompacted(c));
      return s;
    }
    List<StorageEvent> past = new ArrayList<>();
    for (Change c : history) {
      if (c.event().revision() >= fromRevision && c.event().key().startsWith(prefix)) {
        past.add(c.event());
      }
    }
    if (!past.isEmpty()) {
      delivery.execute(() -> {
        if (!s.closed) {
          listener.onEvents(past);
        }
      });
    }
    subscriptions.add(s);
    return s;
  }


  @Override
  public synchronized void compact(long atRevision) {
    check();
    if (atRevision <= compacted) {
      throw new CompactedException(compacted);
    }
    compacted = atRevision; // history stays for undoing in range(); reads before it are refused
  }

  @Override
  public void close() {
    delivery.shutdownNow();
  }
}
