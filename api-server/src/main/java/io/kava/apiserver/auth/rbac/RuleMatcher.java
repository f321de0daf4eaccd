package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Subject;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import io.kava.client.Kinds;
import java.util.List;

/** Upstream's rbac.RuleAllows and appliesTo: whether a rule allows a request, whether a subject is the user. */
public final class RuleMatcher {
  public static final String ALL = "*";
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private RuleMatcher() {}

  public static boolean allows(PolicyRule rule, RequestAttributes a) {
    return has(rule.getVerbsList(), a.verb()) && has(rule.getApiGroupsList(), a.apiGroup())
        && resourceMatches(rule.getResourcesList(), a.resource(), a.subresource())
        && (rule.getResourceNamesCount() == 0 || (!a.name().isEmpty() && rule.getResourceNamesList().contains(a.name())));
  }

  static boolean has(List<String> values, String value) {
    return values.contains(ALL) || values.contains(value);
  }

  /** "pods/log" for a subresource, "*" for all, "*&#47;scale" for one subresource of every resource. */
  static boolean resourceMatches(List<String> ruleResources, String resource, String subresource) {
    String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
    for (String r : ruleResources) {
      if (r.equals(ALL) || r.equals(combined)) {
        return true;
      }
      if (!subresource.isEmpty() && r.equals("*/" + subresource)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a binding's subject is this user; a ServiceAccount without a namespace is in the binding's. */
  public static boolean appliesTo(Subject s, UserInfo user, String bindingNamespace) {
    return switch (s.getKind()) {
      case "User" -> user.name().equals(s.getName());
      case "Group" -> user.groups().contains(s.getName());
      case "ServiceAccount" -> user.name().equals(SERVICE_ACCOUNT_PREFIX
          + (s.getNamespace().isEmpty() ? bindingNamespace : s.getNamespace()) + ":" + s.getName());
      default -> false;
    };
  }

  /** A subject for a user, a group or a ServiceAccount, as bindings hold them. */
  public static Subject user(String name) {
    return Subject.newBuilder().setKind("User").setApiGroup(Kinds.RBAC_GROUP).setName(name).build();
  }

  public static Subject group(String name) {
    return Subject.newBuilder().setKind("Group").setApiGroup(Kinds.RBAC_GROUP).setName(name).build();
  }
}
