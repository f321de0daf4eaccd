package io.kava.apiserver.defaulting;

import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.client.Kinds;
import java.util.List;

/** Upstream's rbac/v1 defaults: roleRef.apiGroup, and a User's or Group's apiGroup, are the RBAC group. */
public final class RbacDefaults {
  private RbacDefaults() {}

  public static RoleBinding roleBinding(RoleBinding b) {
    return b.toBuilder().setRoleRef(roleRef(b.getRoleRef())).clearSubjects().addAllSubjects(subjects(b.getSubjectsList())).build();
  }

  public static ClusterRoleBinding clusterRoleBinding(ClusterRoleBinding b) {
    return b.toBuilder().setRoleRef(roleRef(b.getRoleRef())).clearSubjects().addAllSubjects(subjects(b.getSubjectsList())).build();
  }

  private static RoleRef roleRef(RoleRef ref) {
    return ref.getApiGroup().isEmpty() ? ref.toBuilder().setApiGroup(Kinds.RBAC_GROUP).build() : ref;
  }

  private static List<Subject> subjects(List<Subject> subjects) {
    return subjects.stream().map(s -> s.getApiGroup().isEmpty() && (s.getKind().equals("User") || s.getKind().equals("Group"))
        ? s.toBuilder().setApiGroup(Kinds.RBAC_GROUP).build() : s).toList();
  }
}
