package io.kava.apiserver.allocator;

import io.kava.apiserver.storage.Storage;
import io.kava.client.net.ServiceCidr;
import java.util.BitSet;
import java.util.Random;

/**
 * ClusterIPs of the Service range, stored at {@code <prefix>/ranges/serviceips}. Every address but the
 * network and broadcast address can be allocated (10.96.0.1 .. 10.96.255.254 of 10.96.0.0/16).
 */
public final class ServiceIpAllocator {
  private final ServiceCidr cidr;
  private final RangeAllocator bits;

  public ServiceIpAllocator(Storage storage, String prefix, ServiceCidr cidr, Random random) {
    if (cidr.prefixLength() > 30 || cidr.prefixLength() < 12) {
      throw new IllegalArgumentException("The service range " + cidr + " must have a prefix length of 12 to 30");
    }
    this.cidr = cidr;
    int size = (int) cidr.size() - 2;
    // Upstream's static band: min(max(16, size/16), 256) addresses at the start of the range.
    int staticSize = Math.min(Math.max(16, size / 16), 256);
    this.bits = new RangeAllocator(storage, prefix + "/ranges/serviceips", cidr.toString(), size, Math.min(staticSize, size), random);
  }

  public ServiceCidr cidr() {
    return cidr;
  }

  /** Takes one requested address; upstream's errors when it is outside the range or taken. */
  public void allocate(String ip) {
    int offset = offsetOf(ip);
    try {
      bits.allocate(offset);
    } catch (AllocationException e) {
      throw new AllocationException(AllocationException.Reason.ALLOCATED, "provided IP is already allocated");
    }
  }

  /** Takes any free address. */
  public String allocateNext() {
    try {
      return addressOf(bits.allocateNext());
    } catch (AllocationException e) {
      throw new AllocationException(AllocationException.Reason.FULL, "range is full");
    }
  }

  /** Frees an address; one outside the range is ignored (the range may have changed since). */
  public void release(String ip) {
    if (inRange(ip)) {
      bits.release(offsetOf(ip));
    }
  }

  public boolean isAllocated(String ip) {
    return bits.isAllocated(offsetOf(ip));
  }

  /** Checks a requested address as {@link #allocate} would, without taking it (dry run). */
  public void check(String ip) {
    if (isAllocated(ip)) {
      throw new AllocationException(AllocationException.Reason.ALLOCATED, "provided IP is already allocated");
    }
  }

  /** The address {@link #allocateNext} could take now (dry run). */
  public String peekNext() {
    return addressOf(bits.peekNext().orElseThrow(() -> new AllocationException(AllocationException.Reason.FULL, "range is full")));
  }

  /** True if the address can be allocated at all: inside the range, not its network or broadcast address. */
  public boolean inRange(String ip) {
    if (!cidr.contains(ip)) {
      return false;
    }
    long index = cidr.offsetOf(ip);
    return index >= 1 && index <= bits.size();
  }

  RangeAllocator bitmap() {
    return bits;
  }

  /** Addresses marked allocated now (the repair loop and tests read them). */
  public BitSet allocated() {
    return bits.snapshot().bits();
  }

  int offsetOf(String ip) {
    if (!inRange(ip)) {
      throw new AllocationException(AllocationException.Reason.NOT_IN_RANGE,
          "the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is " + cidr);
    }
    return (int) cidr.offsetOf(ip) - 1;
  }

  String addressOf(int offset) {
    return cidr.address(offset + 1L);
  }
}
