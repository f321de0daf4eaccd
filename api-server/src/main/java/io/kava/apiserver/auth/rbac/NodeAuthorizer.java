package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.PolicyRule;
import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.node.NodeGraph;
import io.kava.apiserver.auth.node.NodeIdentity;
import io.kava.client.selector.FieldSelectors;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's Node authorizer (plugin/pkg/auth/authorizer/node), for kubelets: users
 * {@code system:node:<name>} in group system:nodes. Secrets, ConfigMaps, claims, volumes and
 * ServiceAccount tokens only of the pods bound to the node ({@link NodeGraph}); its own Lease, CSINode
 * and Node reads; pods: get of its pods, list and watch only with {@code spec.nodeName=<itself>}
 * (upstream's AuthorizeNodeWithSelectors, on by default since 1.32); everything else by upstream's
 * static node rules. It never denies: what it does not allow falls through to the next authorizer
 * (RBAC), with the reason shown in the refusal. Writes it lets through to other nodes' objects (Node
 * create and update, pod status, mirror pods, evictions) are narrowed by the NodeRestriction admission.
 */
public final class NodeAuthorizer implements Authorizer {
  public static final String NODES_GROUP = NodeIdentity.NODES_GROUP;
  public static final String NODE_USER_PREFIX = NodeIdentity.NODE_USER_PREFIX;
  public static final String NODE_LEASE_NAMESPACE = NodeIdentity.NODE_LEASE_NAMESPACE;
  private static final List<PolicyRule> RULES = ComponentRoles.nodeRules();
  private static final String COORDINATION = "coordination.k8s.io";
  private static final String STORAGE = "storage.k8s.io";

  private final NodeGraph graph;

  public NodeAuthorizer(NodeGraph graph) {
    this.graph = graph;
  }

  @Override
  public Decision authorize(RequestAttributes a) {
    Optional<String> identity = NodeIdentity.nodeName(a.user());
    if (identity.isEmpty()) {
      return Decision.noOpinion();
    }
    String node = identity.get();
    if (node.isEmpty()) {
      return Decision.noOpinion("unknown node for user \"" + a.user().name() + "\"");
    }
    Decision subdivided = switch (a.apiGroup() + "/" + a.resource()) {
      case "/secrets" -> readNamespacedObject(node, NodeGraph.Type.SECRET, a);
      case "/configmaps" -> readNamespacedObject(node, NodeGraph.Type.CONFIG_MAP, a);
      case "/persistentvolumeclaims" -> a.subresource().equals("status")
          ? statusUpdate(node, NodeGraph.Type.PVC, a) : get(node, NodeGraph.Type.PVC, a);
      case "/persistentvolumes" -> get(node, NodeGraph.Type.PV, a);
      case "/serviceaccounts" -> createToken(node, a);
      case COORDINATION + "/leases" -> lease(node, a);
      case STORAGE + "/csinodes" -> csiNode(node, a);
      case "/nodes" -> nodeObject(node, a);
      case "/pods" -> pod(node, a);
      default -> null;
    };
    if (subdivided != null) {
      return subdivided;
    }
    return rulesAllow(a) ? allowed(node) : Decision.noOpinion();
  }

  /** authorizeReadNamespacedObject: get, list and watch of one named object the node's pods use. */
  private Decision readNamespacedObject(String node, NodeGraph.Type type, RequestAttributes a) {
    if (!List.of("get", "list", "watch").contains(a.verb())) {
      return Decision.noOpinion("can only read resources of this type");
    }
    if (!a.subresource().isEmpty()) {
      return Decision.noOpinion("cannot read subresource");
    }
    if (a.namespace().isEmpty()) {
      return Decision.noOpinion("can only read namespaced object of this type");
    }
    return related(node, type, a);
  }

  /** authorizeGet: get of one object the node's pods use. */
  private Decision get(String node, NodeGraph.Type type, RequestAttributes a) {
    if (!a.verb().equals("get")) {
      return Decision.noOpinion("can only get individual resources of this type");
    }
    if (!a.subresource().isEmpty()) {
      return Decision.noOpinion("cannot get subresource");
    }
    return related(node, type, a);
  }

  /** authorizeStatusUpdate: update or patch of the status of an object the node's pods use. */
  private Decision statusUpdate(String node, NodeGraph.Type type, RequestAttributes a) {
    if (!List.of("update", "patch").contains(a.verb())) {
      return Decision.noOpinion("can only get/update/patch this type");
    }
    return related(node, type, a);
  }

  /** authorizeCreateToken: a token of a ServiceAccount that one of the node's pods runs as. */
  private Decision createToken(String node, RequestAttributes a) {
    if (!a.verb().equals("create") || a.name().isEmpty()) {
      return Decision.noOpinion("can only create tokens for individual service accounts");
    }
    if (!a.subresource().equals("token")) {
      return Decision.noOpinion("can only create token subresource of serviceaccount");
    }
    return graph.related(node, NodeGraph.Type.SERVICE_ACCOUNT, a.namespace(), a.name())
        ? allowed(node) : noRelationship(node);
  }

  private Decision related(String node, NodeGraph.Type type, RequestAttributes a) {
    if (a.name().isEmpty()) {
      return Decision.noOpinion("No Object name found");
    }
    return graph.related(node, type, a.namespace(), a.name()) ? allowed(node) : noRelationship(node);
  }

  /** authorizeLease: the node's own Lease in kube-node-lease (create is checked by NodeRestriction). */
  private Decision lease(String node, RequestAttributes a) {
    if (!List.of("get", "create", "update", "patch", "delete").contains(a.verb())) {
      return Decision.noOpinion("can only get, create, update, patch, or delete a node lease");
    }
    if (!a.namespace().equals(NODE_LEASE_NAMESPACE)) {
      return Decision.noOpinion("can only access leases in the \"" + NODE_LEASE_NAMESPACE + "\" system namespace");
    }
    if (!a.verb().equals("create") && !a.name().equals(node)) {
      return Decision.noOpinion("can only access node lease with the same name as the requesting node");
    }
    return allowed(node);
  }

  /** authorizeCSINode: the node's own CSINode. */
  private Decision csiNode(String node, RequestAttributes a) {
    if (!List.of("get", "create", "update", "patch", "delete").contains(a.verb())) {
      return Decision.noOpinion("can only get, create, update, patch, or delete a CSINode");
    }
    if (!a.subresource().isEmpty()) {
      return Decision.noOpinion("cannot authorize CSINode subresources");
    }
    if (!a.verb().equals("create") && !a.name().equals(node)) {
      return Decision.noOpinion("can only access CSINode with the same name as the requesting node");
    }
    return allowed(node);
  }

  /** authorizeNode: writes go on to NodeRestriction; reads only of its own Node (also before it exists). */
  private Decision nodeObject(String node, RequestAttributes a) {
    switch (a.subresource()) {
      case "" -> {
        if (List.of("create", "update", "patch").contains(a.verb())) {
          return allowed(node);
        }
        if (List.of("get", "list", "watch").contains(a.verb())) {
          if (a.name().equals(node)) {
            return allowed(node);
          }
          return Decision.noOpinion(a.name().isEmpty()
              ? "node '" + node + "' cannot read all nodes, only its own Node object"
              : "node '" + node + "' cannot read '" + a.name() + "', only its own Node object");
        }
      }
      case "status" -> {
        if (List.of("update", "patch").contains(a.verb())) {
          return allowed(node);
        }
      }
      default -> { }
    }
    return Decision.noOpinion();
  }

  /** authorizePod: its pods by the graph or by a spec.nodeName field selector; writes go on to NodeRestriction. */
  private Decision pod(String node, RequestAttributes a) {
    switch (a.subresource()) {
      case "" -> {
        switch (a.verb()) {
          case "get" -> {
            return get(node, NodeGraph.Type.POD, a);
          }
          case "list", "watch" -> {
            if (selectsNode(a.fieldSelector(), node)) {
              return allowed(node);
            }
            if (!a.name().isEmpty()) {
              return related(node, NodeGraph.Type.POD, a);
            }
            return Decision.noOpinion("can only list/watch pods with spec.nodeName field selector");
          }
          case "create", "delete" -> {
            return allowed(node);
          }
          default -> { }
        }
      }
      case "status" -> {
        if (List.of("update", "patch").contains(a.verb())) {
          return allowed(node);
        }
      }
      case "eviction" -> {
        if (a.verb().equals("create")) {
          return allowed(node);
        }
      }
      default -> { }
    }
    return Decision.noOpinion();
  }

  /** Whether a term of the selector is spec.nodeName=node. */
  private static boolean selectsNode(String fieldSelector, String node) {
    try {
      return FieldSelectors.parse(fieldSelector).requirements().stream()
          .anyMatch(r -> r.equal() && r.field().equals("spec.nodeName") && r.value().equals(node));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean rulesAllow(RequestAttributes a) {
    for (PolicyRule rule : RULES) {
      if (RuleMatcher.allows(rule, a)) {
        return true;
      }
    }
    return false;
  }

  private static Decision allowed(String node) {
    return Decision.allow("Node: allowed for node " + node);
  }

  private static Decision noRelationship(String node) {
    return Decision.noOpinion("no relationship found between node '" + node + "' and this object");
  }
}
