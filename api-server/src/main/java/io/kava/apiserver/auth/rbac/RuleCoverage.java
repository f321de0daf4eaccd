package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's validation.Covers: whether the rules a user holds cover every rule it wants to grant.
 * Each rule is broken into single verb, group, resource and name atoms; a "*" is covered only by "*".
 */
public final class RuleCoverage {
  private RuleCoverage() {}

  /** The servant rules (broken down) that no owner rule covers; empty when all are covered. */
  public static List<PolicyRule> uncovered(List<PolicyRule> owner, List<PolicyRule> servant) {
    List<PolicyRule> missing = new ArrayList<>();
    for (PolicyRule rule : servant) {
      for (PolicyRule atom : breakdown(rule)) {
        if (owner.stream().noneMatch(o -> covers(o, atom))) {
          missing.add(atom);
        }
      }
    }
    return missing;
  }

  static List<PolicyRule> breakdown(PolicyRule rule) {
    List<PolicyRule> atoms = new ArrayList<>();
    for (String verb : rule.getVerbsList()) {
      for (String group : rule.getApiGroupsList()) {
        for (String resource : rule.getResourcesList()) {
          if (rule.getResourceNamesCount() == 0) {
            atoms.add(PolicyRule.newBuilder().addVerbs(verb).addApiGroups(group).addResources(resource).build());
          }
          for (String name : rule.getResourceNamesList()) {
            atoms.add(PolicyRule.newBuilder().addVerbs(verb).addApiGroups(group).addResources(resource)
                .addResourceNames(name).build());
          }
        }
      }
      for (String url : rule.getNonResourceUrlsList()) {
        atoms.add(PolicyRule.newBuilder().addVerbs(verb).addNonResourceUrls(url).build());
      }
    }
    return atoms;
  }

  /** Whether one owner rule covers one atom. */
  static boolean covers(PolicyRule owner, PolicyRule atom) {
    if (!RuleMatcher.has(owner.getVerbsList(), atom.getVerbs(0))) {
      return false;
    }
    if (atom.getNonResourceUrlsCount() > 0) {
      String url = atom.getNonResourceUrls(0);
      return owner.getNonResourceUrlsList().stream().anyMatch(o -> o.equals("*") || o.equals(url)
          || (o.endsWith("*") && url.startsWith(o.substring(0, o.length() - 1))));
    }
    if (!RuleMatcher.has(owner.getApiGroupsList(), atom.getApiGroups(0))) {
      return false;
    }
    String resource = atom.getResources(0);
    int slash = resource.indexOf('/');
    boolean resourceCovered = owner.getResourcesList().stream().anyMatch(o -> o.equals("*") || o.equals(resource)
        || (slash > 0 && o.equals("*" + resource.substring(slash))));
    if (!resourceCovered) {
      return false;
    }
    if (owner.getResourceNamesCount() == 0) {
      return true;
    }
    return atom.getResourceNamesCount() > 0 && owner.getResourceNamesList().contains(atom.getResourceNames(0));
  }

  /** Upstream's compact form: {APIGroups:[""], Resources:["secrets"], Verbs:["get"]}. */
  static String describe(PolicyRule rule) {
    StringBuilder b = new StringBuilder("{");
    if (rule.getNonResourceUrlsCount() > 0) {
      b.append("NonResourceURLs:").append(quoted(rule.getNonResourceUrlsList()));
    } else {
      b.append("APIGroups:").append(quoted(rule.getApiGroupsList())).append(", Resources:")
          .append(quoted(rule.getResourcesList()));
      if (rule.getResourceNamesCount() > 0) {
        b.append(", ResourceNames:").append(quoted(rule.getResourceNamesList()));
      }
    }
    return b.append(", Verbs:").append(quoted(rule.getVerbsList())).append("}").toString();
  }

  private static String quoted(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(" ", "[", "]"));
  }
}
