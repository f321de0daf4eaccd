package io.kava.apiserver.allocator;

import io.kava.apiserver.storage.KeyExistsException;
import io.kava.apiserver.storage.KeyNotFoundException;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.RevisionConflictException;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageUnavailableException;
import java.util.BitSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bitmap of {@code size} values (offsets 0..size-1) kept in one storage key and changed only by
 * compare-and-swap on the key's revision, as upstream's etcd-backed allocator: every API server on the
 * same etcd sees one bitmap, so no value is handed out twice, also across restarts. Nothing is cached;
 * each call reads the key, changes the bits and writes them back, retrying when another writer won.
 *
 * <p>Automatic allocation prefers the upper part of the range and takes the lower "static" band
 * (its first {@code staticSize} offsets) only when the upper part is full, as upstream's
 * ServiceIPStaticSubrange and ServiceNodePortStaticSubrange do, so that well-known values requested
 * later (the kubernetes Service's 10.96.0.1, kube-dns's 10.96.0.10) are rarely taken already.
 */
public final class RangeAllocator {
  private static final Logger log = LoggerFactory.getLogger(RangeAllocator.class);
  private static final int MAX_ATTEMPTS = 200;

  private final Storage storage;
  private final String key;
  private final String name;
  private final String range;
  private final int size;
  private final int staticSize;
  private final Random random;

  /** A read of the bitmap: its bits and the key's revision (0: the key does not exist yet). */
  public record Snapshot(BitSet bits, long modRevision) {
    public Snapshot {
      bits = (BitSet) bits.clone();
    }

    @Override
    public BitSet bits() {
      return (BitSet) bits.clone();
    }
  }

  /**
   * @param key the storage key ({@code /registry/ranges/serviceips})
   * @param range the configured range's text, stored beside the bits; a stored bitmap of another range is ignored
   */
  public RangeAllocator(Storage storage, String key, String range, int size, int staticSize, Random random) {
    if (size <= 0 || staticSize < 0 || staticSize > size) {
      throw new IllegalArgumentException("Bad allocator size " + size + " with static band " + staticSize);
    }
    this.storage = storage;
    this.key = key;
    this.name = key.substring(key.lastIndexOf('/') + 1);
    this.range = range;
    this.size = size;
    this.staticSize = staticSize;
    this.random = random;
  }

  public int size() {
    return size;
  }

  public String key() {
    return key;
  }

  /** Marks one offset allocated; throws {@link AllocationException} (ALLOCATED) if it already is. */
  public void allocate(int offset) {
    checkOffset(offset);
    change(bits -> {
      if (bits.get(offset)) {
        throw new AllocationException(AllocationException.Reason.ALLOCATED, "already allocated");
      }
      bits.set(offset);
      return true;
    });
  }

  /** Allocates a free offset, the upper band first; throws {@link AllocationException} (FULL) if none is left. */
  public int allocateNext() {
    int[] chosen = new int[1];
    change(bits -> {
      OptionalInt free = pickFree(bits);
      if (free.isEmpty()) {
        throw new AllocationException(AllocationException.Reason.FULL, "range is full");
      }
      chosen[0] = free.getAsInt();
      bits.set(chosen[0]);
      return true;
    });
    return chosen[0];
  }

  /** Frees an offset; freeing a free one changes nothing. */
  public void release(int offset) {
    checkOffset(offset);
    change(bits -> {
      if (!bits.get(offset)) {
        return false;
      }
      bits.clear(offset);
      return true;
    });
  }

  public boolean isAllocated(int offset) {
    checkOffset(offset);
    return snapshot().bits.get(offset);
  }

  /** The offset {@link #allocateNext} could take now, without taking it (for dry runs). */
  public OptionalInt peekNext() {
    return pickFree(snapshot().bits);
  }

  /** The bitmap as stored now. */
  public Snapshot snapshot() {
    Optional<KeyValue> kv = storage.get(key);
    if (kv.isEmpty()) {
      return new Snapshot(new BitSet(size), 0);
    }
    return new Snapshot(bitsOf(kv.get()), kv.get().modRevision());
  }

  /**
   * Writes bits in place of the snapshot if nobody changed the key since it was read (the repair loop's
   * write). Answers false when the key moved; the caller reads again later.
   */
  public boolean replace(Snapshot expected, BitSet bits) {
    byte[] value = new RangeAllocation(range, bits.get(0, size)).encode(name);
    try {
      if (expected.modRevision == 0) {
        storage.create(key, value);
      } else {
        storage.update(key, value, expected.modRevision);
      }
      return true;
    } catch (KeyExistsException | RevisionConflictException | KeyNotFoundException e) {
      return false;
    }
  }

  /** Read, change, compare-and-swap; again on conflict. The change answers false when nothing changed. */
  private void change(Function<BitSet, Boolean> mutation) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Snapshot current = snapshot();
      BitSet bits = current.bits();
      if (!mutation.apply(bits)) {
        return;
      }
      if (replace(current, bits)) {
        return;
      }
      log.debug("Lost a compare-and-swap on {}, retrying", key);
    }
    throw new StorageUnavailableException("Gave up on " + key + " after " + MAX_ATTEMPTS + " conflicting writes", null);
  }

  private BitSet bitsOf(KeyValue kv) {
    RangeAllocation stored = RangeAllocation.decode(kv.value());
    if (!stored.range().equals(range)) {
      log.warn("Ignored the allocations stored at {} for range {}, the configured range is {}", key, stored.range(), range);
      return new BitSet(size);
    }
    return stored.bits().get(0, size);
  }

  /** A random free offset of the upper band, else of the static band, else none. */
  private OptionalInt pickFree(BitSet bits) {
    OptionalInt upper = randomFree(bits, staticSize, size);
    return upper.isPresent() ? upper : randomFree(bits, 0, staticSize);
  }

  /** Scans [from, to) for a clear bit, starting at a random place and wrapping around. */
  private OptionalInt randomFree(BitSet bits, int from, int to) {
    if (from >= to) {
      return OptionalInt.empty();
    }
    int start = from + random.nextInt(to - from);
    int found = bits.nextClearBit(start);
    if (found < to) {
      return OptionalInt.of(found);
    }
    found = bits.nextClearBit(from);
    return found < start ? OptionalInt.of(found) : OptionalInt.empty();
  }

  private void checkOffset(int offset) {
    if (offset < 0 || offset >= size) {
      throw new IllegalArgumentException("Offset " + offset + " outside 0.." + (size - 1));
    }
  }
}
