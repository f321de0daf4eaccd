package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Upstream's DefaultRuleResolver: the rules a user holds through ClusterRoleBindings, then through the
 * RoleBindings of a namespace. The visitor stops as soon as it returns true, so an allowed request reads
 * no more bindings than needed.
 */
public final class RuleResolver {
  /** Where a rule came from, for the decision's reason ("allowed by ClusterRoleBinding ..."). */
  public record Source(String bindingKind, String bindingName, String bindingNamespace, RoleRef role) {
    @Override
    public String toString() {
      String binding = bindingNamespace.isEmpty() ? "\"" + bindingName + "\"" : "\"" + bindingName + "/" + bindingNamespace + "\"";
      return bindingKind + " " + binding + " of " + role.getKind() + " \"" + role.getName() + "\"";
    }
  }

  public interface Visitor {
    /** True to stop. */
    boolean visit(Source source, PolicyRule rule);
  }

  private final RbacObjects objects;

  public RuleResolver(RbacObjects objects) {
    this.objects = objects;
  }

  /** Visits the user's rules valid in namespace ("" for cluster-wide ones only); true when the visitor stopped. */
  public boolean visitRules(UserInfo user, String namespace, Visitor visitor) {
    for (ClusterRoleBinding b : objects.clusterRoleBindings()) {
      if (b.getSubjectsList().stream().anyMatch(s -> RuleMatcher.appliesTo(s, user, ""))
          && visitRole(new Source("ClusterRoleBinding", b.getMetadata().getName(), "", b.getRoleRef()), "", visitor)) {
        return true;
      }
    }
    if (namespace.isEmpty()) {
      return false;
    }
    for (RoleBinding b : objects.roleBindings(namespace)) {
      if (b.getSubjectsList().stream().anyMatch(s -> RuleMatcher.appliesTo(s, user, namespace))
          && visitRole(new Source("RoleBinding", b.getMetadata().getName(), namespace, b.getRoleRef()), namespace, visitor)) {
        return true;
      }
    }
    return false;
  }

  /** Every rule the user holds in the namespace (the escalation check, SelfSubjectRulesReview). */
  public List<PolicyRule> rulesFor(UserInfo user, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    visitRules(user, namespace, (source, rule) -> {
      rules.add(rule);
      return false;
    });
    return rules;
  }

  /** The rules of a role a binding refers to (none when it is missing). */
  public List<PolicyRule> rulesOf(RoleRef ref, String namespace) {
    return switch (ref.getKind()) {
      case "ClusterRole" -> objects.clusterRole(ref.getName()).map(r -> r.getRulesList()).orElse(List.of());
      case "Role" -> namespace.isEmpty() ? List.of()
          : objects.role(namespace, ref.getName()).map(r -> r.getRulesList()).orElse(List.of());
      default -> List.of();
    };
  }

  private boolean visitRole(Source source, String namespace, Visitor visitor) {
    Predicate<PolicyRule> stop = rule -> visitor.visit(source, rule);
    return rulesOf(source.role(), namespace).stream().anyMatch(stop);
  }
}
