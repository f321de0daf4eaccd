package io.kava.kubelet.network;

import io.kava.api.core.v1.Node;
import java.util.Optional;

/**
 * The pod network as the kubelet's node status and housekeeping see it: ready once the Node has a
 * podCIDR and the network's config is written (upstream's NetworkReady runtime condition).
 */
public interface PodNetwork {
  /** Looks at the Node as stored (its podCIDR) and sets the network up for it if it was not yet. */
  void observe(Node node);

  /** Why pods cannot get a network yet; empty when they can. */
  Optional<String> notReady();

  /** Deletes the network of sandboxes whose container is gone (removed behind the kubelet's back). */
  void collectGarbage();
}
