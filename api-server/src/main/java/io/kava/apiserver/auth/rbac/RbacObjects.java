package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import java.util.List;
import java.util.Optional;

/** Where the RBAC authorizer reads roles and bindings (the API server's watch caches; a fake in tests). */
public interface RbacObjects {
  Optional<Role> role(String namespace, String name);

  Optional<ClusterRole> clusterRole(String name);

  List<RoleBinding> roleBindings(String namespace);

  List<ClusterRoleBinding> clusterRoleBindings();

  List<ClusterRole> clusterRoles();
}
