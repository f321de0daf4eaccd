package io.kava.apiserver.auth.rbac;

import io.kava.api.rbac.v1.ClusterRole;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Registry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps aggregated ClusterRoles' rules in step with the roles their selectors match. It runs in the API
 * server, reading ClusterRoles from the watch cache and writing through the registry (compare-and-swap
 * on the revision read: a conflict waits for the next pass). Level-driven: a pass with nothing changed
 * writes nothing.
 */
public final class AggregationController {
  private static final Logger log = LoggerFactory.getLogger(AggregationController.class);

  private final RbacObjects objects;
  private final Registry registry;

  public AggregationController(RbacObjects objects, Registry registry) {
    this.objects = objects;
    this.registry = registry;
  }

  /** One pass over every aggregated ClusterRole; returns how many it updated. */
  public int runOnce() {
    List<ClusterRole> all = objects.clusterRoles();
    int updated = 0;
    for (ClusterRole role : all) {
      var changed = ClusterRoleAggregation.aggregate(role, all);
      if (changed.isEmpty()) {
        continue;
      }
      try {
        registry.update(changed.get(), false);
        updated++;
        log.info("Aggregated the rules of cluster role {}", role.getMetadata().getName());
      } catch (ApiError e) {
        log.debug("Failed to aggregate cluster role {}, retrying: {}", role.getMetadata().getName(), e.getMessage());
      }
    }
    return updated;
  }
}
