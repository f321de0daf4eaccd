package io.kava.apiserver.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Range;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageWatch;
import io.kava.apiserver.storage.StorageWatchListener;
import io.kava.apiserver.testing.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The etcd-backed bitmap: one value never handed out twice, compare-and-swap retried on conflict. */
class RangeAllocatorTest {
  private static final String KEY = "/registry/ranges/test";
  private final InMemoryStorage storage = new InMemoryStorage();

  private RangeAllocator allocator(int size, int staticSize) {
    return new RangeAllocator(storage, KEY, "0-" + (size - 1), size, staticSize, new Random(7));
  }

  @Test
  void allocatesEveryValueOnceThenReportsFull() {
    RangeAllocator a = allocator(20, 4);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      assertThat(seen.add(a.allocateNext())).as("value %d handed out once", i).isTrue();
    }
    assertThat(seen).hasSize(20);
    assertThatThrownBy(a::allocateNext).isInstanceOf(AllocationException.class)
        .satisfies(e -> assertThat(((AllocationException) e).reason()).isEqualTo(AllocationException.Reason.FULL));
  }

  @Test
  void automaticAllocationLeavesTheStaticBandForLast() {
    RangeAllocator a = allocator(20, 4);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      order.add(a.allocateNext());
    }
    assertThat(order.subList(0, 16)).allMatch(v -> v >= 4);
    assertThat(order.subList(16, 20)).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void requestedValueIsTakenOnceAndFreedOnRelease() {
    RangeAllocator a = allocator(10, 2);
    a.allocate(3);
    assertThat(a.isAllocated(3)).isTrue();
    assertThatThrownBy(() -> a.allocate(3)).isInstanceOf(AllocationException.class)
        .satisfies(e -> assertThat(((AllocationException) e).reason()).isEqualTo(AllocationException.Reason.ALLOCATED));
    a.release(3);
    assertThat(a.isAllocated(3)).isFalse();
    a.allocate(3);
    assertThat(a.isAllocated(3)).isTrue();
  }

  @Test
  void theBitmapLivesInStorageSoANewAllocatorSeesIt() {
    allocator(10, 2).allocate(5);
    RangeAllocator later = allocator(10, 2);
    assertThat(later.isAllocated(5)).isTrue();
    String stored = new String(storage.get(KEY).orElseThrow().value(), StandardCharsets.UTF_8);
    assertThat(stored).contains("\"kind\":\"RangeAllocation\"").contains("\"range\":\"0-9\"");
  }

  @Test
  void releasingAFreeValueWritesNothing() {
    RangeAllocator a = allocator(10, 2);
    a.allocate(1);
    int writes = storage.writes();
    a.release(2);
    assertThat(storage.writes()).isEqualTo(writes);
  }

  @Test
  void aBitmapStoredForAnotherRangeIsIgnored() {
    allocator(10, 2).allocate(5);
    RangeAllocator resized = new RangeAllocator(storage, KEY, "0-19", 20, 2, new Random(1));
    assertThat(resized.isAllocated(5)).isFalse();
  }

  @Test
  void aLostCompareAndSwapIsRetriedAgainstTheWinnersBits() {
    // Another API server allocates between this one's read and its write, every value but one.
    RangeAllocator other = allocator(4, 0);
    boolean[] raced = {false};
    Storage racing = new Racing(storage, () -> {
      if (!raced[0]) {
        raced[0] = true;
        other.allocate(0);
        other.allocate(1);
        other.allocate(2);
      }
    });
    RangeAllocator mine = new RangeAllocator(racing, KEY, "0-3", 4, 0, new Random(3));
    int value = mine.allocateNext();
    assertThat(raced[0]).isTrue();
    assertThat(value).as("the only value the other writer left").isEqualTo(3);
    BitSet all = new BitSet();
    all.set(0, 4);
    assertThat(mine.snapshot().bits()).isEqualTo(all);
  }

  @Test
  void concurrentAllocatorsOnOneStorageNeverShareAValue() throws Exception {
    int size = 300;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        RangeAllocator a = new RangeAllocator(storage, KEY, "r", size, 16, new Random(i % 4));
        results.add(pool.submit((Callable<Integer>) a::allocateNext));
      }
      Set<Integer> values = new HashSet<>();
      for (Future<Integer> f : results) {
        values.add(f.get());
      }
      assertThat(values).hasSize(size);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A storage that runs an action (a competing writer) before each compare-and-swap update or create. */
  private static final class Racing implements Storage {
    private final Storage delegate;
    private final Runnable beforeWrite;

    Racing(Storage delegate, Runnable beforeWrite) {
      this.delegate = delegate;
      this.beforeWrite = beforeWrite;
    }

    @Override
    public Optional<KeyValue> get(String key) {
      return delegate.get(key);
    }

    @Override
    public Range range(String prefix, long revision) {
      return delegate.range(prefix, revision);
    }

    @Override
    public long create(String key, byte[] value) {
      beforeWrite.run();
      return delegate.create(key, value);
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
      beforeWrite.run();
      return delegate.update(key, value, expectedModRevision);
    }

    @Override
    public long delete(String key, long expectedModRevision) {
      return delegate.delete(key, expectedModRevision);
    }

    @Override
    public long currentRevision() {
      return delegate.currentRevision();
    }

    @Override
    public StorageWatch watch(String prefix, long fromRevision, StorageWatchListener listener) {
      return delegate.watch(prefix, fromRevision, listener);
    }

    @Override
    public void compact(long revision) {
      delegate.compact(revision);
    }

    @Override
    public void close() {}
  }
}
