package io.kava.kubelet.hollow;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The pod addresses of one hollow node: a /24 of its own in 127.128.0.0/9, so a Service that selects
 * hollow pods never sends a packet off the machine (node 0 gets 127.128.0.1-254, node 256 127.129.0.x).
 * Not thread-safe: the node's syncs of one pod never run at once, but of two pods they may, so callers
 * hold the node's lock.
 */
final class PodAddresses {
  static final int MAX_PODS = 254;

  private final String prefix;
  private final BitSet used = new BitSet(MAX_PODS + 1);
  private final Map<String, Integer> byUid = new HashMap<>();

  PodAddresses(int nodeIndex) {
    if (nodeIndex < 0 || nodeIndex >= 128 * 256) {
      throw new IllegalArgumentException("hollow node index " + nodeIndex + " is outside 0-" + (128 * 256 - 1));
    }
    this.prefix = "127." + (128 + nodeIndex / 256) + "." + (nodeIndex % 256) + ".";
  }

  /** The node's own address (.255 of its block is never a pod's). */
  String nodeIp() {
    return prefix + "255";
  }

  /** The pod's address, assigned on first use; null when every address is taken. */
  String assign(String uid) {
    Integer slot = byUid.get(uid);
    if (slot == null) {
      int free = used.nextClearBit(1);
      if (free > MAX_PODS) {
        return null;
      }
      used.set(free);
      byUid.put(uid, free);
      slot = free;
    }
    return prefix + slot;
  }

  void release(String uid) {
    Integer slot = byUid.remove(uid);
    if (slot != null) {
      used.clear(slot);
    }
  }

  int assigned() {
    return byUid.size();
  }
}
