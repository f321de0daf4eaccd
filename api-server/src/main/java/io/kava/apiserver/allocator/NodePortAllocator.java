package io.kava.apiserver.allocator;

import io.kava.apiserver.storage.Storage;
import java.util.Random;

/** NodePorts of the node port range, stored at {@code <prefix>/ranges/servicenodeports}. */
public final class NodePortAllocator {
  private final PortRange range;
  private final RangeAllocator bits;

  public NodePortAllocator(Storage storage, String prefix, PortRange range, Random random) {
    this.range = range;
    // Upstream's static band: min(max(16, size/32), 128) ports at the start of the range.
    int staticSize = Math.min(Math.min(Math.max(16, range.size() / 32), 128), range.size());
    this.bits = new RangeAllocator(storage, prefix + "/ranges/servicenodeports", range.toString(), range.size(), staticSize, random);
  }

  public PortRange range() {
    return range;
  }

  /** Takes one requested port; upstream's errors when it is outside the range or taken. */
  public void allocate(int port) {
    try {
      bits.allocate(offsetOf(port));
    } catch (AllocationException e) {
      if (e.reason() == AllocationException.Reason.NOT_IN_RANGE) {
        throw e;
      }
      throw new AllocationException(AllocationException.Reason.ALLOCATED, "provided port is already allocated");
    }
  }

  public int allocateNext() {
    try {
      return range.base() + bits.allocateNext();
    } catch (AllocationException e) {
      throw new AllocationException(AllocationException.Reason.FULL, "range is full");
    }
  }

  /** Frees a port; one outside the range is ignored (the range may have changed since). */
  public void release(int port) {
    if (range.contains(port)) {
      bits.release(port - range.base());
    }
  }

  public boolean isAllocated(int port) {
    return bits.isAllocated(offsetOf(port));
  }

  /** Checks a requested port as {@link #allocate} would, without taking it (dry run). */
  public void check(int port) {
    if (isAllocated(port)) {
      throw new AllocationException(AllocationException.Reason.ALLOCATED, "provided port is already allocated");
    }
  }

  public int peekNext() {
    return range.base() + bits.peekNext().orElseThrow(() -> new AllocationException(AllocationException.Reason.FULL, "range is full"));
  }

  RangeAllocator bitmap() {
    return bits;
  }

  private int offsetOf(int port) {
    if (!range.contains(port)) {
      throw new AllocationException(AllocationException.Reason.NOT_IN_RANGE,
          "provided port is not in the valid range. The range of valid ports is " + range);
    }
    return port - range.base();
  }
}
