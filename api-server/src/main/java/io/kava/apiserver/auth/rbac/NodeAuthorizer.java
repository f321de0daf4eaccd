package io.kava.apiserver.auth.rbac;

import io.kava.api.core.v1.Pod;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.RequestAttributes;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Node authorizer's first half: a kubelet ({@code system:node:<name>} in group system:nodes) gets
 * upstream's node rules, and writes to nodes and leases only under its own name. Narrowing its reads
 * of Secrets, ConfigMaps and volumes to the pods bound to it (upstream's graph) is not done yet.
 */
public final class NodeAuthorizer implements Authorizer {
  public static final String NODES_GROUP = "system:nodes";
  public static final String NODE_USER_PREFIX = "system:node:";
  private static final List<PolicyRule> RULES = ComponentRoles.nodeRules();
  private static final List<String> OWN_OBJECT_VERBS = List.of("update", "patch", "delete");
  /** The pods of a namespace (the API server's pod cache); empty: token creation is not narrowed. */
  private final Optional<Function<String, List<Pod>>> podsOfNamespace;

  public NodeAuthorizer() {
    this.podsOfNamespace = Optional.empty();
  }

  /** With the pods to narrow serviceaccounts/token creation by (upstream's graph edge pod -> ServiceAccount). */
  public NodeAuthorizer(Function<String, List<Pod>> podsOfNamespace) {
    this.podsOfNamespace = Optional.of(podsOfNamespace);
  }

  @Override
  public Decision authorize(RequestAttributes a) {
    if (!a.user().groups().contains(NODES_GROUP) || !a.user().name().startsWith(NODE_USER_PREFIX)) {
      return Decision.noOpinion();
    }
    String node = a.user().name().substring(NODE_USER_PREFIX.length());
    boolean ownObject = a.resource().equals("nodes") || a.resource().equals("leases");
    if (ownObject && OWN_OBJECT_VERBS.contains(a.verb()) && !a.name().equals(node)) {
      return Decision.noOpinion();
    }
    if (!mayCreateToken(node, a)) {
      return Decision.noOpinion();
    }
    for (PolicyRule rule : RULES) {
      if (RuleMatcher.allows(rule, a)) {
        return Decision.allow("Node: allowed for node " + node);
      }
    }
    return Decision.noOpinion();
  }

  /**
   * Upstream's authorizeCreateToken: a kubelet may ask a token only for a ServiceAccount that a pod bound
   * to its node uses (it writes the pod's projected token). True for every other request.
   */
  private boolean mayCreateToken(String node, RequestAttributes a) {
    if (podsOfNamespace.isEmpty() || !a.resource().equals("serviceaccounts") || !a.subresource().equals("token")) {
      return true;
    }
    return podsOfNamespace.get().apply(a.namespace()).stream().anyMatch(pod -> pod.getSpec().getNodeName().equals(node)
        && pod.getSpec().getServiceAccountName().equals(a.name()));
  }
}
