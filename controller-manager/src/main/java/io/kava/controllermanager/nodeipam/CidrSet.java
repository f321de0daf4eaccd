package io.kava.controllermanager.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * The node-sized subnets of one IPv4 cluster CIDR and which of them are taken, as upstream's
 * {@code cidrset.CidrSet}: a bitmap, the next allocation starting after the last one handed out so a
 * freed subnet is not reused at once. Thread-safe.
 */
public final class CidrSet {
  /** Upstream's limit: at most 2^16 node subnets in one cluster CIDR. */
  static final int MAX_PREFIX_DIFFERENCE = 16;

  private final Ipv4Cidr cluster;
  private final int nodeMaskSize;
  private final int size;
  private final BitSet used;
  private int nextCandidate;

  public CidrSet(Ipv4Cidr cluster, int nodeMaskSize) {
    if (nodeMaskSize < cluster.prefix() || nodeMaskSize > 32) {
      throw new IllegalArgumentException("--node-cidr-mask-size (" + nodeMaskSize
          + ") must be at least the cluster CIDR's prefix length (" + cluster.prefix() + ") and at most 32");
    }
    if (nodeMaskSize - cluster.prefix() > MAX_PREFIX_DIFFERENCE) {
      throw new IllegalArgumentException("--node-cidr-mask-size (" + nodeMaskSize + ") must be at most "
          + MAX_PREFIX_DIFFERENCE + " bits longer than the cluster CIDR's prefix length (" + cluster.prefix() + ")");
    }
    this.cluster = cluster;
    this.nodeMaskSize = nodeMaskSize;
    this.size = 1 << (nodeMaskSize - cluster.prefix());
    this.used = new BitSet(size);
  }

  /** The next free subnet, or empty when the range is full. */
  public synchronized Optional<Ipv4Cidr> allocateNext() {
    for (int i = 0; i < size; i++) {
      int candidate = (nextCandidate + i) % size;
      if (!used.get(candidate)) {
        used.set(candidate);
        nextCandidate = (candidate + 1) % size;
        return Optional.of(subnet(candidate));
      }
    }
    return Optional.empty();
  }

  /** Marks a subnet taken (a Node's existing podCIDR); false when it is not one of this set's subnets. */
  public synchronized boolean occupy(Ipv4Cidr cidr) {
    int index = indexOf(cidr);
    if (index < 0) {
      return false;
    }
    used.set(index);
    return true;
  }

  /** Frees a subnet; a subnet outside the set is ignored. */
  public synchronized void release(Ipv4Cidr cidr) {
    int index = indexOf(cidr);
    if (index >= 0) {
      used.clear(index);
    }
  }

  public synchronized boolean isTaken(Ipv4Cidr cidr) {
    int index = indexOf(cidr);
    return index >= 0 && used.get(index);
  }

  public synchronized int free() {
    return size - used.cardinality();
  }

  private Ipv4Cidr subnet(int index) {
    return new Ipv4Cidr(cluster.base() + ((long) index << (32 - nodeMaskSize)), nodeMaskSize);
  }

  private int indexOf(Ipv4Cidr cidr) {
    if (cidr.prefix() != nodeMaskSize || !cluster.contains(cidr.base())) {
      return -1;
    }
    return (int) ((cidr.base() - cluster.base()) >>> (32 - nodeMaskSize));
  }
}
