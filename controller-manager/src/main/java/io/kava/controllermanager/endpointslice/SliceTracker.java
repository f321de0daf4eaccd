package io.kava.controllermanager.endpointslice;

import io.kava.api.discovery.v1.EndpointSlice;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slices this controller wrote and its cache has not shown yet (upstream EndpointSliceTracker),
 * per Service key: name -> resourceVersion written, or deletion expected. While any is outstanding the
 * cache is stale for that Service and a sync must not plan from it (it would create a second slice for
 * endpoints its own create already holds). An entry goes once the informer shows the write.
 */
final class SliceTracker {
  private static final long DELETED = -1;

  private final Map<String, Map<String, Long>> written = new HashMap<>();

  /** Forgets every write (etcd went back to an older revision: the cache never reaches them). */
  synchronized void clear() {
    written.clear();
  }

  synchronized void wrote(String serviceKey, EndpointSlice slice) {
    written.computeIfAbsent(serviceKey, k -> new HashMap<>())
        .put(slice.getMetadata().getName(), Long.parseLong(slice.getMetadata().getResourceVersion()));
  }

  synchronized void deleted(String serviceKey, String sliceName) {
    written.computeIfAbsent(serviceKey, k -> new HashMap<>()).put(sliceName, DELETED);
  }

  /** Whether the cached slices of the Service lack one of its own writes. */
  synchronized boolean isStale(String serviceKey, List<EndpointSlice> cached) {
    Map<String, Long> expected = written.get(serviceKey);
    if (expected == null || expected.isEmpty()) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (EndpointSlice slice : cached) {
      String name = slice.getMetadata().getName();
      seen.add(name);
      Long rv = expected.get(name);
      if (rv != null && (rv == DELETED || Long.parseLong(slice.getMetadata().getResourceVersion()) < rv)) {
        return true;
      }
    }
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      if (e.getValue() != DELETED && !seen.contains(e.getKey())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The informer shows this version of a slice: its entry is settled. Returns whether it is the echo of
   * this controller's own write (which needs no new sync).
   */
  synchronized boolean observed(String serviceKey, EndpointSlice slice) {
    Map<String, Long> expected = written.get(serviceKey);
    if (expected == null) {
      return false;
    }
    String name = slice.getMetadata().getName();
    Long rv = expected.get(name);
    if (rv == null || rv == DELETED) {
      return false;
    }
    long seen = Long.parseLong(slice.getMetadata().getResourceVersion());
    if (seen >= rv) {
      remove(serviceKey, expected, name);
    }
    return seen == rv;
  }

  /** The informer shows the slice gone. Returns whether this controller deleted it. */
  synchronized boolean observedDeletion(String serviceKey, String sliceName) {
    Map<String, Long> expected = written.get(serviceKey);
    if (expected == null || !expected.containsKey(sliceName)) {
      return false;
    }
    boolean own = expected.get(sliceName) == DELETED;
    remove(serviceKey, expected, sliceName);
    return own;
  }

  synchronized void forget(String serviceKey) {
    written.remove(serviceKey);
  }

  private void remove(String serviceKey, Map<String, Long> expected, String name) {
    expected.remove(name);
    if (expected.isEmpty()) {
      written.remove(serviceKey);
    }
  }
}
