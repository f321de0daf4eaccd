package io.kava.apiserver.audit;

import io.kava.apiserver.auth.RequestAttributes;
import java.util.List;
import java.util.Set;

/**
 * Upstream's audit Policy (audit.k8s.io/v1): the first rule that matches a request gives its level and
 * the stages left out (the policy's omitStages plus the rule's); no rule matching means None.
 */
public record AuditPolicy(List<Rule> rules, Set<AuditStage> omitStages) {
  public AuditPolicy {
    rules = List.copyOf(rules);
    omitStages = Set.copyOf(omitStages);
  }

  /** The level and the stages not logged of one request. */
  public record Decision(AuditLevel level, Set<AuditStage> omitStages) {
    public boolean logs(AuditStage stage) {
      return level != AuditLevel.None && !omitStages.contains(stage);
    }
  }

  /** One group's resources: names as "pods", "pods/log", "pods/*", "*\/scale", "*"; empty: all of the group. */
  public record GroupResources(String group, List<String> resources, List<String> resourceNames) {
    public GroupResources {
      resources = List.copyOf(resources);
      resourceNames = List.copyOf(resourceNames);
    }

    boolean matches(RequestAttributes a) {
      if (!group.equals(a.apiGroup())) {
        return false;
      }
      if (!resourceNames.isEmpty() && !resourceNames.contains(a.name())) {
        return false;
      }
      if (resources.isEmpty()) {
        return true;
      }
      String full = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
      for (String r : resources) {
        if (r.equals("*") || r.equals(full) || (r.equals(a.resource() + "/*") && !a.subresource().isEmpty())
            || (!a.subresource().isEmpty() && r.equals("*/" + a.subresource()))) {
          return true;
        }
      }
      return false;
    }
  }

  /** One rule; an empty list matches anything. namespaces [""] matches cluster-scoped requests. */
  public record Rule(AuditLevel level, List<String> users, List<String> userGroups, List<String> verbs,
      List<GroupResources> resources, List<String> namespaces, List<String> nonResourceUrls, Set<AuditStage> omitStages) {
    public Rule {
      users = List.copyOf(users);
      userGroups = List.copyOf(userGroups);
      verbs = List.copyOf(verbs);
      resources = List.copyOf(resources);
      namespaces = List.copyOf(namespaces);
      nonResourceUrls = List.copyOf(nonResourceUrls);
      omitStages = Set.copyOf(omitStages);
    }

    public static Rule all(AuditLevel level) {
      return new Rule(level, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Set.of());
    }

    boolean matches(RequestAttributes a, String nonResourcePath) {
      if (!users.isEmpty() && !users.contains(a.user().name())) {
        return false;
      }
      if (!userGroups.isEmpty() && a.user().groups().stream().noneMatch(userGroups::contains)) {
        return false;
      }
      if (!verbs.isEmpty() && !verbs.contains(a.verb())) {
        return false;
      }
      if (nonResourcePath != null) {
        // A rule about resources or namespaces says nothing about /version, as upstream.
        return resources.isEmpty() && namespaces.isEmpty() && (nonResourceUrls.isEmpty()
            || nonResourceUrls.stream().anyMatch(u -> u.equals(nonResourcePath)
                || (u.endsWith("*") && nonResourcePath.startsWith(u.substring(0, u.length() - 1)))));
      }
      if (!nonResourceUrls.isEmpty()) {
        return false;
      }
      if (!namespaces.isEmpty() && !namespaces.contains(a.namespace())) {
        return false;
      }
      return resources.isEmpty() || resources.stream().anyMatch(g -> g.matches(a));
    }
  }

  /** Metadata for every request: what up.sh and the docs start from. */
  public static AuditPolicy metadataForAll() {
    return new AuditPolicy(List.of(Rule.all(AuditLevel.Metadata)), Set.of());
  }

  /** The decision for a resource request, or for a non-resource one when nonResourcePath is set ("/version"). */
  public Decision decide(RequestAttributes attributes, String nonResourcePath) {
    for (Rule rule : rules) {
      if (rule.matches(attributes, nonResourcePath)) {
        java.util.EnumSet<AuditStage> omit = java.util.EnumSet.noneOf(AuditStage.class);
        omit.addAll(omitStages);
        omit.addAll(rule.omitStages());
        return new Decision(rule.level(), omit);
      }
    }
    return new Decision(AuditLevel.None, omitStages);
  }
}
