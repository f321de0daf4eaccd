package io.kava.apiserver.auth.rbac;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.client.selector.LabelSelectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's clusterrole-aggregation controller, as a pure function: a ClusterRole with an
 * aggregationRule gets the rules of every ClusterRole its selectors match (itself excluded), without
 * duplicates, in name order.
 */
public final class ClusterRoleAggregation {
  private ClusterRoleAggregation() {}

  /** The role with its aggregated rules, when they differ from what it holds. */
  public static Optional<ClusterRole> aggregate(ClusterRole role, List<ClusterRole> all) {
    if (!role.hasAggregationRule()) {
      return Optional.empty();
    }
    List<PolicyRule> rules = new ArrayList<>();
    List<ClusterRole> sorted = all.stream().sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
    for (LabelSelector selector : role.getAggregationRule().getClusterRoleSelectorsList()) {
      var matcher = LabelSelectors.fromProto(selector);
      for (ClusterRole other : sorted) {
        if (!other.getMetadata().getName().equals(role.getMetadata().getName())
            && matcher.matches(other.getMetadata().getLabelsMap())) {
          for (PolicyRule rule : other.getRulesList()) {
            if (!rules.contains(rule)) {
              rules.add(rule);
            }
          }
        }
      }
    }
    return rules.equals(role.getRulesList()) ? Optional.empty()
        : Optional.of(role.toBuilder().clearRules().addAllRules(rules).build());
  }

  /** Every role aggregated until nothing changes, so chains (view into edit into admin) settle at once. */
  public static List<ClusterRole> aggregateAll(List<ClusterRole> roles) {
    List<ClusterRole> current = new ArrayList<>(roles);
    for (int pass = 0; pass < 10; pass++) {
      boolean changed = false;
      for (int i = 0; i < current.size(); i++) {
        Optional<ClusterRole> next = aggregate(current.get(i), current);
        if (next.isPresent()) {
          current.set(i, next.get());
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return current;
  }
}
