package io.kava.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Range;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageEvent;
import io.kava.apiserver.storage.StorageWatch;
import io.kava.apiserver.storage.StorageWatchListener;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The cache's own bookkeeping, fed by a storage stub whose watch the test drives. */
class WatchCacheTest {
  /** Empty at revision 10; hands the watch listener to the test. */
  private static final class StubStorage implements Storage {
    volatile StorageWatchListener listener;

    @Override public Optional<KeyValue> get(String key) { return Optional.empty(); }
    @Override public Range range(String prefix, long revision) { return new Range(List.of(), 10); }
    @Override public long create(String key, byte[] value) { throw new UnsupportedOperationException(); }
    @Override public long update(String key, byte[] value, long rev) { throw new UnsupportedOperationException(); }
    @Override public long delete(String key, long rev) { throw new UnsupportedOperationException(); }
    @Override public long currentRevision() { return 10; }
    @Override public StorageWatch watch(String prefix, long from, StorageWatchListener l) {
      listener = l;
      return () -> { };
    }
    @Override public void compact(long revision) { }
    @Override public void close() { }
  }

  private static StorageEvent put(String name, long revision) {
    return new StorageEvent(StorageEvent.Type.PUT, "/registry/configmaps/default/" + name,
        Codec.encode(Fixtures.configMap("default", name)), null, revision, true);
  }

  @Test
  void everyKeyOfATransactionOfSeveralKeysIsAppliedAndARepeatedEventIsNot() {
    StubStorage storage = new StubStorage();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (WatchCache cache = new WatchCache(Kinds.CONFIG_MAP, storage, "/registry/configmaps/", 100, 100, scheduler,
        Runnable::run, Duration.ofSeconds(1))) {
      cache.start();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> storage.listener != null);

      storage.listener.onEvents(List.of(put("a", 11), put("b", 11), put("c", 11)));
      storage.listener.onEvents(List.of(put("c", 11), put("d", 12)));

      WatchFilter all = new WatchFilter("", Selector.everything(), FieldSelector.everything());
      WatchCache.CachedList list = cache.list(all, 0).orElseThrow();
      assertThat(list.items()).hasSize(4);
      assertThat(list.revision()).isEqualTo(12);
      List<String> seen = new java.util.ArrayList<>();
      cache.watch(all, "10", false, new WatchSink() {
        @Override public boolean isReady() { return true; }
        @Override public void send(io.kava.api.v1.WatchEvent event) { seen.add(event.getType() + " " + event.getResourceVersion()); }
        @Override public void fail(RuntimeException error) { seen.add("failed"); }
      }, Duration.ofSeconds(1));
      assertThat(seen).containsExactly("ADDED 11", "ADDED 11", "ADDED 11", "ADDED 12");
    } finally {
      scheduler.shutdownNow();
    }
  }
}
