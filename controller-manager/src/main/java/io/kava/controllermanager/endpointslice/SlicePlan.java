package io.kava.controllermanager.endpointslice;

import io.kava.api.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * The writes that bring one Service's slices to the desired state. Creates carry generateName; updates
 * carry the cached resourceVersion. Pods left out because their node is not (yet) in the cache are
 * named, so the sync can be retried after writing the rest.
 */
record SlicePlan(List<EndpointSlice> creates, List<EndpointSlice> updates, List<EndpointSlice> deletes,
    List<String> podsWithoutNode) {
  boolean hasWrites() {
    return !creates.isEmpty() || !updates.isEmpty() || !deletes.isEmpty();
  }
}
