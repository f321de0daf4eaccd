package io.kava.apiserver.validation;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.List;

/** Upstream's RBAC validation (pkg/apis/rbac/validation). */
public final class RbacValidation {
  private static final List<String> ROLE_BINDING_REF_KINDS = List.of("Role", "ClusterRole");
  private static final List<String> CLUSTER_ROLE_BINDING_REF_KINDS = List.of("ClusterRole");
  private static final List<String> SUBJECT_KINDS = List.of("ServiceAccount", "User", "Group");

  private RbacValidation() {}

  public static List<FieldError> validateRole(Role role) {
    return rules(role.getRulesList(), true);
  }

  public static List<FieldError> validateClusterRole(ClusterRole role) {
    List<FieldError> errs = rules(role.getRulesList(), false);
    if (role.hasAggregationRule()) {
      var selectors = role.getAggregationRule().getClusterRoleSelectorsList();
      if (selectors.isEmpty()) {
        errs.add(FieldError.required("aggregationRule.clusterRoleSelectors",
            "at least one clusterRoleSelector required if aggregationRule is non-nil"));
      }
      for (int i = 0; i < selectors.size(); i++) {
        errs.addAll(MetaValidation.validateLabelSelector(selectors.get(i), "aggregationRule.clusterRoleSelectors[" + i + "]"));
      }
    }
    return errs;
  }

  public static List<FieldError> validateRoleBinding(RoleBinding binding) {
    List<FieldError> errs = roleRef(binding.getRoleRef(), ROLE_BINDING_REF_KINDS);
    errs.addAll(subjects(binding.getSubjectsList(), true));
    return errs;
  }

  public static List<FieldError> validateClusterRoleBinding(ClusterRoleBinding binding) {
    List<FieldError> errs = roleRef(binding.getRoleRef(), CLUSTER_ROLE_BINDING_REF_KINDS);
    errs.addAll(subjects(binding.getSubjectsList(), false));
    return errs;
  }

  /** Upstream: a binding's roleRef never changes (delete and create the binding instead). */
  public static List<FieldError> validateRoleRefUpdate(RoleRef ref, RoleRef old) {
    return ref.equals(old) ? List.of()
        : List.of(FieldError.invalid("roleRef", ref.getKind() + "/" + ref.getName(), "cannot change roleRef"));
  }

  private static List<FieldError> rules(List<PolicyRule> rules, boolean namespaced) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule rule = rules.get(i);
      String path = "rules[" + i + "]";
      if (rule.getVerbsCount() == 0) {
        errs.add(FieldError.required(path + ".verbs", "verbs must contain at least one value"));
      }
      if (rule.getNonResourceUrlsCount() > 0) {
        if (namespaced) {
          errs.add(FieldError.invalid(path + ".nonResourceURLs", rule.getNonResourceUrlsList(),
              "namespaced rules cannot apply to non-resource URLs"));
        }
        if (rule.getApiGroupsCount() > 0 || rule.getResourcesCount() > 0) {
          errs.add(FieldError.invalid(path + ".nonResourceURLs", rule.getNonResourceUrlsList(),
              "rules cannot apply to both regular resources and non-resource URLs"));
        }
        continue;
      }
      if (rule.getApiGroupsCount() == 0) {
        errs.add(FieldError.required(path + ".apiGroups", "resource rules must supply at least one api group"));
      }
      if (rule.getResourcesCount() == 0) {
        errs.add(FieldError.required(path + ".resources", "resource rules must supply at least one resource"));
      }
    }
    return errs;
  }

  private static List<FieldError> roleRef(RoleRef ref, List<String> kinds) {
    List<FieldError> errs = new ArrayList<>();
    if (!ref.getApiGroup().equals(Kinds.RBAC_GROUP)) {
      errs.add(FieldError.notSupported("roleRef.apiGroup", ref.getApiGroup(), List.of(Kinds.RBAC_GROUP)));
    }
    if (!kinds.contains(ref.getKind())) {
      errs.add(FieldError.notSupported("roleRef.kind", ref.getKind(), kinds));
    }
    if (ref.getName().isEmpty()) {
      errs.add(FieldError.required("roleRef.name", ""));
    } else {
      for (String msg : NameRules.pathSegment(ref.getName())) {
        errs.add(FieldError.invalid("roleRef.name", ref.getName(), msg));
      }
    }
    return errs;
  }

  private static List<FieldError> subjects(List<Subject> subjects, boolean namespaced) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < subjects.size(); i++) {
      Subject s = subjects.get(i);
      String path = "subjects[" + i + "]";
      if (s.getName().isEmpty()) {
        errs.add(FieldError.required(path + ".name", ""));
      }
      switch (s.getKind()) {
        case "ServiceAccount" -> {
          if (!s.getApiGroup().isEmpty()) {
            errs.add(FieldError.notSupported(path + ".apiGroup", s.getApiGroup(), List.of("")));
          }
          if (!s.getName().isEmpty()) {
            for (String msg : NameRules.subdomain(s.getName())) {
              errs.add(FieldError.invalid(path + ".name", s.getName(), msg));
            }
          }
          if (s.getNamespace().isEmpty() && !namespaced) {
            errs.add(FieldError.required(path + ".namespace", ""));
          }
        }
        case "User", "Group" -> {
          if (!s.getApiGroup().equals(Kinds.RBAC_GROUP)) {
            errs.add(FieldError.notSupported(path + ".apiGroup", s.getApiGroup(), List.of(Kinds.RBAC_GROUP)));
          }
        }
        default -> errs.add(FieldError.notSupported(path + ".kind", s.getKind(), SUBJECT_KINDS));
      }
    }
    return errs;
  }
}
