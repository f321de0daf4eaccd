package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.watch.WatchCaches;
import io.kava.client.Kinds;
import java.util.List;
import java.util.Optional;

/** Roles and bindings from the API server's watch caches, as upstream's RBAC authorizer reads its informers. */
public final class CachedRbacObjects implements RbacObjects {
  private final WatchCaches caches;
  private final Keys keys;

  public CachedRbacObjects(WatchCaches caches, Keys keys) {
    this.caches = caches;
    this.keys = keys;
  }

  @Override
  public Optional<Role> role(String namespace, String name) {
    return caches.of(Kinds.ROLE).cached(keys.key(Kinds.ROLE, namespace, name)).map(Role.class::cast);
  }

  @Override
  public Optional<ClusterRole> clusterRole(String name) {
    return caches.of(Kinds.CLUSTER_ROLE).cached(keys.key(Kinds.CLUSTER_ROLE, "", name)).map(ClusterRole.class::cast);
  }

  @Override
  public List<RoleBinding> roleBindings(String namespace) {
    return caches.of(Kinds.ROLE_BINDING).objects(namespace).stream().map(RoleBinding.class::cast).toList();
  }

  @Override
  public List<ClusterRoleBinding> clusterRoleBindings() {
    return caches.of(Kinds.CLUSTER_ROLE_BINDING).objects("").stream().map(ClusterRoleBinding.class::cast).toList();
  }

  @Override
  public List<ClusterRole> clusterRoles() {
    return caches.of(Kinds.CLUSTER_ROLE).objects("").stream().map(ClusterRole.class::cast).toList();
  }
}
