package io.kava.kubectl.print;

import io.kava.api.rbac.v1.RoleRef;
import io.kava.api.rbac.v1.Subject;
import io.kava.client.ApiObjects;
import com.google.protobuf.Message;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** kubectl's columns of roles and bindings (printRole, printRoleBinding in pkg/printers/internalversion). */
final class RbacColumns {
  static final List<String> ROLE_HEADERS = List.of("NAME", "CREATED AT");
  static final List<String> BINDING_HEADERS = List.of("NAME", "ROLE", "AGE");
  static final List<String> BINDING_WIDE_HEADERS = List.of("USERS", "GROUPS", "SERVICEACCOUNTS");

  private RbacColumns() {}

  static List<String> role(Message role, Instant now) {
    return List.of(KindTables.name(role), ApiObjects.meta(role).getCreationTimestamp());
  }

  static List<String> binding(Message binding, RoleRef ref, Instant now) {
    return List.of(KindTables.name(binding), ref.getKind() + "/" + ref.getName(), KindTables.age(binding, now));
  }

  /** Users, groups, and ServiceAccounts as namespace/name (name alone without a namespace), each comma-separated. */
  static List<String> bindingWide(List<Subject> subjects) {
    return List.of(names(subjects, "User", false), names(subjects, "Group", false), names(subjects, "ServiceAccount", true));
  }

  private static String names(List<Subject> subjects, String kind, boolean qualified) {
    return subjects.stream().filter(s -> s.getKind().equals(kind))
        .map(s -> qualified && !s.getNamespace().isEmpty() ? s.getNamespace() + "/" + s.getName() : s.getName())
        .collect(Collectors.joining(", "));
  }
}
