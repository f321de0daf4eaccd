package io.kava.apiserver.allocator;

import io.kava.api.core.v1.Service;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Storage;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's ClusterIP and NodePort repair controllers in one: compares each bitmap with the Services
 * stored, marks values Services use but the bitmap lost, and frees values no Service uses once they
 * were seen leaked on {@link #LEAK_PASSES} passes in a row (a create under way holds its value before
 * its Service is stored, so one pass is not proof). The write is a compare-and-swap on the bitmap: an
 * allocation in between makes it fail, and the next pass starts over.
 */
public final class AllocationRepair {
  private static final Logger log = LoggerFactory.getLogger(AllocationRepair.class);
  static final int LEAK_PASSES = 3;

  private final Storage storage;
  private final Keys keys;
  private final ServiceIpAllocator ips;
  private final NodePortAllocator nodePorts;
  private final Map<Integer, Integer> leakedIps = new HashMap<>();
  private final Map<Integer, Integer> leakedPorts = new HashMap<>();

  public AllocationRepair(Storage storage, Keys keys, ServiceIpAllocator ips, NodePortAllocator nodePorts) {
    this.storage = storage;
    this.keys = keys;
    this.ips = ips;
    this.nodePorts = nodePorts;
  }

  /** One pass over both bitmaps. */
  public synchronized void runOnce() {
    // Bitmaps first, then Services: a Service created or deleted in between moved a bitmap, so the
    // compare-and-swap below fails rather than undo its change.
    RangeAllocator.Snapshot ipSnapshot = ips.bitmap().snapshot();
    RangeAllocator.Snapshot portSnapshot = nodePorts.bitmap().snapshot();
    BitSet usedIps = new BitSet();
    BitSet usedPorts = new BitSet();
    for (Service svc : services()) {
      String name = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
      String ip = ServiceAllocations.heldIp(svc);
      if (!ip.isEmpty()) {
        if (ips.inRange(ip)) {
          usedIps.set(ips.offsetOf(ip));
        } else {
          log.warn("Found service {} with cluster IP {} outside the service range {}", name, ip, ips.cidr());
        }
      }
      for (int port : ServiceAllocations.heldNodePorts(svc)) {
        if (nodePorts.range().contains(port)) {
          usedPorts.set(port - nodePorts.range().base());
        } else {
          log.warn("Found service {} with node port {} outside the node port range {}", name, port, nodePorts.range());
        }
      }
    }
    repair(ips.bitmap(), ipSnapshot, usedIps, leakedIps, offset -> ips.addressOf(offset));
    repair(nodePorts.bitmap(), portSnapshot, usedPorts, leakedPorts, offset -> String.valueOf(nodePorts.range().base() + offset));
  }

  private List<Service> services() {
    List<Service> result = new ArrayList<>();
    for (KeyValue kv : storage.range(keys.resourcePrefix(Kinds.SERVICE), 0).items()) {
      result.add((Service) Codec.decode(Kinds.SERVICE, kv.value(), kv.modRevision()));
    }
    return result;
  }

  private static void repair(RangeAllocator bitmap, RangeAllocator.Snapshot snapshot, BitSet used,
      Map<Integer, Integer> leakCounts, IntFunction<String> name) {
    BitSet stored = snapshot.bits();
    BitSet result = (BitSet) stored.clone();
    BitSet missing = (BitSet) used.clone();
    missing.andNot(stored);
    missing.stream().forEach(offset -> log.warn("Marked {} allocated in {}, a service uses it", name.apply(offset), bitmap.key()));
    result.or(used);
    BitSet leaked = (BitSet) stored.clone();
    leaked.andNot(used);
    leakCounts.keySet().removeIf(offset -> !leaked.get(offset));
    leaked.stream().forEach(offset -> {
      int seen = leakCounts.merge(offset, 1, Integer::sum);
      if (seen >= LEAK_PASSES) {
        result.clear(offset);
        leakCounts.remove(offset);
        log.info("Released leaked {} from {}", name.apply(offset), bitmap.key());
      }
    });
    if (!result.equals(stored) && !bitmap.replace(snapshot, result)) {
      log.debug("Skipped the repair of {}, it changed meanwhile", bitmap.key());
    }
  }
}
