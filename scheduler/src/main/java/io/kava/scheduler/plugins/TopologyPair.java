package io.kava.scheduler.plugins;

import io.kava.scheduler.framework.NodeInfo;
import java.util.Optional;

/** A topology domain: a node label key and one of its values (upstream's topologyPair). */
record TopologyPair(String key, String value) {
  /** The node's domain for the key, or empty when the node lacks the label. */
  static Optional<TopologyPair> of(NodeInfo node, String key) {
    String value = node.labels().get(key);
    return value == null ? Optional.empty() : Optional.of(new TopologyPair(key, value));
  }
}
