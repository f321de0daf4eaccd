package io.kava.apiserver.registry;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.apiserver.defaulting.RbacDefaults;
import io.kava.apiserver.validation.NameRules;
import io.kava.apiserver.validation.RbacValidation;
import io.kava.client.Kinds;
import java.util.List;
import java.util.function.UnaryOperator;

/** Role, ClusterRole, RoleBinding, ClusterRoleBinding: names are path segments ("system:node"), as upstream. */
final class RbacStrategies {
  private RbacStrategies() {}

  static List<KindStrategy> all() {
    return List.of(
        Strategies.typed(Kinds.ROLE, Role.class, NameRules.PATH_SEGMENT, UnaryOperator.identity(), UnaryOperator.identity(),
            (n, o) -> n, RbacValidation::validateRole, (n, o) -> List.of()),
        Strategies.typed(Kinds.CLUSTER_ROLE, ClusterRole.class, NameRules.PATH_SEGMENT, UnaryOperator.identity(),
            UnaryOperator.identity(), (n, o) -> n, RbacValidation::validateClusterRole, (n, o) -> List.of()),
        Strategies.typed(Kinds.ROLE_BINDING, RoleBinding.class, NameRules.PATH_SEGMENT, RbacDefaults::roleBinding,
            UnaryOperator.identity(), (n, o) -> n, RbacValidation::validateRoleBinding,
            (n, o) -> RbacValidation.validateRoleRefUpdate(n.getRoleRef(), o.getRoleRef())),
        Strategies.typed(Kinds.CLUSTER_ROLE_BINDING, ClusterRoleBinding.class, NameRules.PATH_SEGMENT,
            RbacDefaults::clusterRoleBinding, UnaryOperator.identity(), (n, o) -> n, RbacValidation::validateClusterRoleBinding,
            (n, o) -> RbacValidation.validateRoleRefUpdate(n.getRoleRef(), o.getRoleRef())));
  }
}
