package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.PolicyRule;
import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.RequestAttributes;
import java.util.List;

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
    for (PolicyRule rule : RULES) {
      if (RuleMatcher.allows(rule, a)) {
        return Decision.allow("Node: allowed for node " + node);
      }
    }
    return Decision.noOpinion();
  }
}
