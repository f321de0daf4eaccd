package io.kava.apiserver.bootstrap;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.apiserver.auth.rbac.BootstrapPolicy;
import io.kava.apiserver.auth.rbac.ClusterRoleAggregation;
import io.kava.apiserver.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Upstream's RBAC post-start hook: the bootstrap cluster roles and bindings, created when missing. */
public final class RbacBootstrap {
  private static final Logger log = LoggerFactory.getLogger(RbacBootstrap.class);

  private final Registry registry;

  public RbacBootstrap(Registry registry) {
    this.registry = registry;
  }

  /** Creates the missing ones. Throws when a read or write failed (the caller retries). */
  public void reconcile() {
    // Aggregated roles are created with their rules already gathered, so the aggregation controller's
    // first pass has nothing to write.
    for (ClusterRole role : ClusterRoleAggregation.aggregateAll(BootstrapPolicy.clusterRoles())) {
      if (EnsureExists.create(registry, role)) {
        log.info("Created cluster role {}", role.getMetadata().getName());
      }
    }
    for (ClusterRoleBinding binding : BootstrapPolicy.clusterRoleBindings()) {
      if (EnsureExists.create(registry, binding)) {
        log.info("Created cluster role binding {}", binding.getMetadata().getName());
      }
    }
  }
}
