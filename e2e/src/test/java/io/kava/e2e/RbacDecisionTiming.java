package io.kava.e2e;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.rbac.RbacAuthorizer;
import io.kava.apiserver.auth.rbac.RbacObjects;
import io.kava.apiserver.auth.rbac.RuleResolver;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The RBAC decision of one request timed in this process, on the roles and bindings a running API server
 * holds (read once through its API): what authorization adds to each request, apart from TLS and the
 * noise of a loaded machine. The server reads its watch caches instead of these maps.
 */
final class RbacDecisionTiming {
  private RbacDecisionTiming() {}

  /** Nanoseconds per decision of ATTRIBUTES, over COUNT decisions after as many untimed ones; throws unless allowed. */
  static double nanosPerDecision(KavaClient admin, RequestAttributes attributes, int count) {
    RbacAuthorizer authorizer = new RbacAuthorizer(new RuleResolver(snapshot(admin, attributes.namespace())));
    Authorizer.Decision first = authorizer.authorize(attributes);
    if (first.kind() != Authorizer.Decision.Kind.ALLOW) {
      throw new IllegalStateException("RBAC did not allow " + attributes + ": " + first);
    }
    for (int i = 0; i < count; i++) {
      authorizer.authorize(attributes); // the JIT
    }
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      authorizer.authorize(attributes);
    }
    return (System.nanoTime() - start) / (double) count;
  }

  private static RbacObjects snapshot(KavaClient admin, String namespace) {
    Map<String, ClusterRole> clusterRoles = byName(admin.resource(ClusterRole.class).list(ListOptions.all()).items(),
        r -> r.getMetadata().getName());
    Map<String, Role> roles = byName(admin.resource(Role.class).list(ListOptions.inNamespace(namespace)).items(),
        r -> r.getMetadata().getName());
    List<RoleBinding> roleBindings = admin.resource(RoleBinding.class).list(ListOptions.inNamespace(namespace)).items();
    List<ClusterRoleBinding> clusterRoleBindings = admin.resource(ClusterRoleBinding.class).list(ListOptions.all()).items();
    return new RbacObjects() {
      @Override
      public Optional<Role> role(String ns, String name) {
        return ns.equals(namespace) ? Optional.ofNullable(roles.get(name)) : Optional.empty();
      }

      @Override
      public Optional<ClusterRole> clusterRole(String name) {
        return Optional.ofNullable(clusterRoles.get(name));
      }

      @Override
      public List<RoleBinding> roleBindings(String ns) {
        return ns.equals(namespace) ? List.copyOf(roleBindings) : List.of(); // a copy, as the watch cache hands out
      }

      @Override
      public List<ClusterRoleBinding> clusterRoleBindings() {
        return List.copyOf(clusterRoleBindings);
      }

      @Override
      public List<ClusterRole> clusterRoles() {
        return List.copyOf(clusterRoles.values());
      }
    };
  }

  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    return items.stream().collect(Collectors.toMap(name, Function.identity()));
  }
}
