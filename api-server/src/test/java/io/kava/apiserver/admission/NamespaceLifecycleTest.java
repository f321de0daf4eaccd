package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.NamespaceStatus;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.testing.InMemoryStorage;
import io.kava.client.Kinds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NamespaceLifecycleTest {
  private final Keys keys = new Keys("/registry");
  private final InMemoryStorage storage = new InMemoryStorage();
  private final Map<String, Namespace> cache = new HashMap<>();
  private final AtomicInteger storageReads = new AtomicInteger();
  private Instant now = Instant.parse("2026-12-01T15:00:00Z");
  private final NamespaceLifecycle admission = new NamespaceLifecycle(
      new io.kava.apiserver.storage.Storage() {
        // Counts the reads admission makes, the rest as the in-memory store.
        @Override public Optional<io.kava.apiserver.storage.KeyValue> get(String key) {
          storageReads.incrementAndGet();
          return storage.get(key);
        }
        @Override public io.kava.apiserver.storage.Range range(String prefix, long revision) { return storage.range(prefix, revision); }
        @Override public long create(String key, byte[] value) { return storage.create(key, value); }
        @Override public long update(String key, byte[] value, long rev) { return storage.update(key, value, rev); }
        @Override public long delete(String key, long rev) { return storage.delete(key, rev); }
        @Override public long currentRevision() { return storage.currentRevision(); }
        @Override public io.kava.apiserver.storage.StorageWatch watch(String p, long f, io.kava.apiserver.storage.StorageWatchListener l) { return storage.watch(p, f, l); }
        @Override public void compact(long revision) { storage.compact(revision); }
        @Override public void close() {}
      },
      keys, name -> Optional.ofNullable(cache.get(name)), new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
      });

  private static Namespace namespace(String name, String phase) {
    return Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setStatus(NamespaceStatus.newBuilder().setPhase(phase)).build();
  }

  private void store(Namespace ns) {
    storage.create(keys.key(Kinds.NAMESPACE, "", ns.getMetadata().getName()), Codec.encode(ns));
  }

  @Test
  void aNamespaceTheCacheHoldsCostsNoStorageRead() {
    cache.put("team", namespace("team", "Active"));
    admission.admitCreate(Kinds.CONFIG_MAP, "team", "cm");
    assertThat(storageReads).hasValue(0);
  }

  @Test
  void aNamespaceTheCacheLacksIsReadFromStorage() {
    store(namespace("new", "Active"));
    admission.admitCreate(Kinds.CONFIG_MAP, "new", "cm");
    assertThat(storageReads).hasValue(1);
    assertThatThrownBy(() -> admission.admitCreate(Kinds.CONFIG_MAP, "missing", "cm"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).contains("missing"));
  }

  @Test
  void aTerminatingNamespaceInTheCacheRefusesCreates() {
    cache.put("going", namespace("going", "Terminating"));
    assertThatThrownBy(() -> admission.admitCreate(Kinds.CONFIG_MAP, "going", "cm"))
        .hasMessageContaining("because it is being terminated");
  }

  @Test
  void afterADeleteRequestTheNamespaceIsReadLiveUntilTheCacheCanBeTrusted() {
    cache.put("team", namespace("team", "Active"));
    store(namespace("team", "Terminating"));
    admission.admitDelete(Kinds.NAMESPACE, "team");
    assertThatThrownBy(() -> admission.admitCreate(Kinds.CONFIG_MAP, "team", "cm"))
        .hasMessageContaining("because it is being terminated");
    now = now.plus(NamespaceLifecycle.LIVE_LOOKUP_AFTER_DELETE).plus(Duration.ofSeconds(1));
    admission.admitCreate(Kinds.CONFIG_MAP, "team", "cm");
    assertThat(storageReads).hasValue(1);
  }
}
