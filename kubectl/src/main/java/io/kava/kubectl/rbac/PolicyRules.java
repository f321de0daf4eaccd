package io.kava.kubectl.rbac;

import io.kava.api.rbac.v1.PolicyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * How kubectl shows a set of rules (describe role, auth can-i --list): each rule broken down to one verb,
 * resource and name, rules on one resource merged again, sorted as upstream's rbac util sorts them, and
 * one row per rule: Resources, Non-Resource URLs, Resource Names, Verbs.
 */
public final class PolicyRules {
  public static final List<String> HEADERS = List.of("Resources", "Non-Resource URLs", "Resource Names", "Verbs");

  private PolicyRules() {}

  /** The rows of these rules, as describe and can-i --list print them. */
  public static List<List<String>> rows(List<PolicyRule> rules) {
    List<List<String>> rows = new ArrayList<>();
    for (PolicyRule r : compactAndSort(rules)) {
      rows.add(List.of(combineResourceGroup(r.getResourcesList(), r.getApiGroupsList()), goList(r.getNonResourceUrlsList()),
          goList(r.getResourceNamesList()), goList(r.getVerbsList())));
    }
    return rows;
  }

  static List<PolicyRule> compactAndSort(List<PolicyRule> rules) {
    List<PolicyRule> broken = new ArrayList<>();
    rules.forEach(r -> broken.addAll(breakdown(r)));
    List<PolicyRule> compact = compact(broken);
    // upstream sorts by the rule's generated String(), which starts with the verbs
    compact.sort(Comparator.comparing(PolicyRules::goString));
    return compact;
  }

  /** Upstream BreakdownRule: one rule per group, resource, verb and name; non-resource URLs per verb. */
  static List<PolicyRule> breakdown(PolicyRule rule) {
    List<PolicyRule> out = new ArrayList<>();
    for (String group : rule.getApiGroupsList()) {
      for (String resource : rule.getResourcesList()) {
        for (String verb : rule.getVerbsList()) {
          if (rule.getResourceNamesCount() == 0) {
            out.add(PolicyRule.newBuilder().addApiGroups(group).addResources(resource).addVerbs(verb).build());
          }
          for (String name : rule.getResourceNamesList()) {
            out.add(PolicyRule.newBuilder().addApiGroups(group).addResources(resource).addVerbs(verb)
                .addResourceNames(name).build());
          }
        }
      }
    }
    for (String url : rule.getNonResourceUrlsList()) {
      for (String verb : rule.getVerbsList()) {
        out.add(PolicyRule.newBuilder().addNonResourceUrls(url).addVerbs(verb).build());
      }
    }
    return out;
  }

  /** Upstream CompactRules: rules of one group, resource and (at most one) name merge their verbs. */
  static List<PolicyRule> compact(List<PolicyRule> rules) {
    List<PolicyRule> out = new ArrayList<>();
    Map<List<String>, LinkedHashSet<String>> simple = new LinkedHashMap<>();
    Map<List<String>, PolicyRule> firstOfKey = new LinkedHashMap<>();
    for (PolicyRule r : rules) {
      boolean isSimple = r.getResourceNamesCount() <= 1 && r.getNonResourceUrlsCount() == 0
          && r.getApiGroupsCount() == 1 && r.getResourcesCount() == 1;
      if (!isSimple) {
        out.add(r);
        continue;
      }
      List<String> key = List.of(r.getApiGroups(0), r.getResources(0),
          r.getResourceNamesCount() == 0 ? "\0" : r.getResourceNames(0));
      firstOfKey.putIfAbsent(key, r);
      simple.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(r.getVerbsList());
    }
    simple.forEach((key, verbs) -> out.add(firstOfKey.get(key).toBuilder().clearVerbs().addAllVerbs(verbs).build()));
    return out;
  }

  /** Go's generated PolicyRule.String(), the key upstream sorts by. */
  static String goString(PolicyRule r) {
    return "&PolicyRule{Verbs:" + goList(r.getVerbsList()) + ",APIGroups:" + goList(r.getApiGroupsList())
        + ",Resources:" + goList(r.getResourcesList()) + ",ResourceNames:" + goList(r.getResourceNamesList())
        + ",NonResourceURLs:" + goList(r.getNonResourceUrlsList()) + ",}";
  }

  /** A string slice as Go's %v prints it: "[get list]". */
  public static String goList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** Upstream CombineResourceGroup: "deployments.apps", "pods/log", "deployments.apps/scale". */
  static String combineResourceGroup(List<String> resources, List<String> groups) {
    if (resources.isEmpty()) {
      return "";
    }
    String first = resources.get(0);
    int slash = first.indexOf('/');
    String combined = slash < 0 ? first : first.substring(0, slash);
    if (!groups.isEmpty() && !groups.get(0).isEmpty()) {
      combined += "." + groups.get(0);
    }
    return slash < 0 ? combined : combined + first.substring(slash);
  }
}
