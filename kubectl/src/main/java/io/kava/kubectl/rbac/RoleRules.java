package io.kava.kubectl.rbac;

import io.kava.api.rbac.v1.PolicyRule;
import io.kava.kubectl.CliException;
import io.kava.kubectl.resource.ResourceMapper;
import io.kava.kubectl.resource.ResourceMapper.GroupResource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one rule of `create role` and `create clusterrole` (kubectl's create_role.go and
 * create_clusterrole.go): verbs, resources as resource.group/subresource resolved to their plural names,
 * resource names and non-resource URLs, checked as kubectl checks them.
 */
public final class RoleRules {
  static final List<String> RESOURCE_VERBS = List.of("*", "get", "delete", "list", "create", "update", "patch", "watch",
      "proxy", "deletecollection", "use", "bind", "escalate", "impersonate");
  static final List<String> NON_RESOURCE_VERBS = List.of("*", "get", "post", "put", "delete", "patch", "head", "options");
  /** Verbs that apply only to some resources: group/resource pairs. */
  static final Map<String, List<String>> SPECIAL_VERBS = Map.of(
      "use", List.of("policy/podsecuritypolicies", "extensions/podsecuritypolicies"),
      "bind", List.of("rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles"),
      "escalate", List.of("rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles"),
      "impersonate", List.of("/users", "/serviceaccounts", "/groups", "authentication.k8s.io/userextras"));

  /** A --resource value: resource.group/subresource. */
  record ResourceFlag(String group, String resource, String subresource) {}

  private final List<String> verbs;
  private final List<ResourceFlag> resources;
  private final List<String> resourceNames;
  private final List<String> nonResourceUrls;

  public RoleRules(List<String> verbs, List<String> resources, List<String> resourceNames, List<String> nonResourceUrls) {
    this.verbs = verbs(verbs);
    this.resources = resources(resources);
    this.resourceNames = List.copyOf(new LinkedHashSet<>(resourceNames));
    this.nonResourceUrls = List.copyOf(new LinkedHashSet<>(nonResourceUrls));
  }

  /** Duplicates removed; "*" stands for every verb and replaces the others. */
  private static List<String> verbs(List<String> given) {
    if (given.contains("*")) {
      return List.of("*");
    }
    return List.copyOf(new LinkedHashSet<>(given));
  }

  private static List<ResourceFlag> resources(List<String> given) {
    List<ResourceFlag> out = new ArrayList<>();
    for (String r : given) {
      String[] sections = r.split("/", 2);
      String[] parts = sections[0].split("\\.", 2);
      ResourceFlag flag = new ResourceFlag(parts.length == 2 ? parts[1] : "", parts[0],
          sections.length == 2 ? sections[1] : "");
      if (flag.resource().equals("*") && parts.length == 1 && sections.length == 1) {
        return List.of(flag);
      }
      out.add(flag);
    }
    return out;
  }

  public boolean isEmpty() {
    return verbs.isEmpty() && resources.isEmpty() && resourceNames.isEmpty() && nonResourceUrls.isEmpty();
  }

  /** The checks of `create role`; a verb that is no standard one is only a warning. */
  public void validateForRole(PrintStream err) {
    if (verbs.isEmpty()) {
      throw CliException.error("at least one verb must be specified");
    }
    warnUnknownVerbs(err);
    if (resources.isEmpty()) {
      throw CliException.error("at least one resource must be specified");
    }
    validateResources();
  }

  /** The checks of `create clusterrole` without an aggregation rule. */
  public void validateForClusterRole(PrintStream err) {
    if (verbs.isEmpty()) {
      throw CliException.error("at least one verb must be specified");
    }
    if (resources.isEmpty() && nonResourceUrls.isEmpty()) {
      throw CliException.error("one of resource or nonResourceURL must be specified");
    }
    if (!resources.isEmpty()) {
      warnUnknownVerbs(err);
      validateResources();
    }
    if (!nonResourceUrls.isEmpty()) {
      for (String v : verbs) {
        if (!NON_RESOURCE_VERBS.contains(v)) {
          throw CliException.error("invalid verb: '" + v + "' for nonResourceURL");
        }
      }
      for (String url : nonResourceUrls) {
        if (url.equals("*")) {
          continue;
        }
        if (!url.startsWith("/")) {
          throw CliException.error("nonResourceURL should start with /");
        }
        if (url.substring(0, url.length() - 1).contains("*")) {
          throw CliException.error("nonResourceURL only supports wildcard matches when '*' is at the end");
        }
      }
    }
  }

  private void warnUnknownVerbs(PrintStream err) {
    for (String v : verbs) {
      if (!RESOURCE_VERBS.contains(v)) {
        err.println("Warning: '" + v + "' is not a standard resource verb");
      }
    }
  }

  private void validateResources() {
    for (ResourceFlag r : resources) {
      if (r.resource().isEmpty()) {
        throw CliException.error("resource must be specified if apiGroup/subresource specified");
      }
      if (r.resource().equals("*")) {
        return;
      }
      Optional<GroupResource> mapped = ResourceMapper.find(r.resource(), r.group().isEmpty() ? null : r.group());
      String group = mapped.map(GroupResource::group).orElse(r.group());
      String resource = mapped.map(GroupResource::resource).orElse(r.resource());
      boolean special = false;
      for (String v : verbs) {
        List<String> allowed = SPECIAL_VERBS.get(v);
        if (allowed != null) {
          if (!allowed.contains(group + "/" + resource)) {
            throw CliException.error("can not perform '" + v + "' on '" + resource + "' in group '" + group + "'");
          }
          special = true;
        }
      }
      if (mapped.isEmpty() && !special) {
        // kubectl prints the RESTMapper's error as it is, without "error: "
        throw new CliException("the server doesn't have a resource type \"" + r.resource() + "\""
            + (r.group().isEmpty() ? "" : " in group \"" + r.group() + "\""));
      }
    }
  }

  /** One rule per API group (groups sorted), then one for the non-resource URLs. */
  public List<PolicyRule> rules() {
    Map<String, LinkedHashSet<String>> byGroup = new TreeMap<>();
    for (ResourceFlag r : resources) {
      Optional<GroupResource> mapped = ResourceMapper.find(r.resource(), r.group().isEmpty() ? null : r.group());
      String group = mapped.map(GroupResource::group).orElse(r.group());
      String resource = mapped.map(GroupResource::resource).orElse(r.resource());
      byGroup.computeIfAbsent(group, g -> new LinkedHashSet<>())
          .add(r.subresource().isEmpty() ? resource : resource + "/" + r.subresource());
    }
    List<PolicyRule> rules = new ArrayList<>();
    byGroup.forEach((group, names) -> rules.add(PolicyRule.newBuilder().addAllVerbs(verbs).addApiGroups(group)
        .addAllResources(names).addAllResourceNames(resourceNames).build()));
    if (!nonResourceUrls.isEmpty()) {
      rules.add(PolicyRule.newBuilder().addAllVerbs(verbs).addAllNonResourceUrls(nonResourceUrls).build());
    }
    return rules;
  }
}
