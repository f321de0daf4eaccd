package io.kava.apiserver.auth.node;

import io.kava.apiserver.auth.UserInfo;
import java.util.Optional;

/**
 * Upstream's default NodeIdentifier: a user named {@code system:node:<name>} in group system:nodes is
 * the kubelet of node {@code <name>} (the name may be empty: a node the authorizer cannot identify).
 */
public final class NodeIdentity {
  public static final String NODES_GROUP = "system:nodes";
  public static final String NODE_USER_PREFIX = "system:node:";
  /** Where each node's heartbeat Lease lives, named after the node. */
  public static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

  private NodeIdentity() {}

  /** The node's name when the user is a node, else empty. */
  public static Optional<String> nodeName(UserInfo user) {
    if (!user.name().startsWith(NODE_USER_PREFIX) || !user.groups().contains(NODES_GROUP)) {
      return Optional.empty();
    }
    return Optional.of(user.name().substring(NODE_USER_PREFIX.length()));
  }
}
