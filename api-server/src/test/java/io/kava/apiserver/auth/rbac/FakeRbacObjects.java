package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Roles and bindings held in lists, for the authorizer's unit tests. */
final class FakeRbacObjects implements RbacObjects {
  final List<Role> roles = new ArrayList<>();
  final List<ClusterRole> clusterRoles = new ArrayList<>();
  final List<RoleBinding> roleBindings = new ArrayList<>();
  final List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();

  @Override
  public Optional<Role> role(String namespace, String name) {
    return roles.stream().filter(r -> r.getMetadata().getNamespace().equals(namespace) && r.getMetadata().getName().equals(name))
        .findFirst();
  }

  @Override
  public Optional<ClusterRole> clusterRole(String name) {
    return clusterRoles.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  @Override
  public List<RoleBinding> roleBindings(String namespace) {
    return roleBindings.stream().filter(b -> b.getMetadata().getNamespace().equals(namespace)).toList();
  }

  @Override
  public List<ClusterRoleBinding> clusterRoleBindings() {
    return clusterRoleBindings;
  }

  @Override
  public List<ClusterRole> clusterRoles() {
    return clusterRoles;
  }
}
