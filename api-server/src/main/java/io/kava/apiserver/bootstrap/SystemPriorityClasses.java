package io.kava.apiserver.bootstrap;

import io.kava.api.scheduling.v1.PriorityClass;
import io.kava.apiserver.registry.Registry;
import io.kava.client.scheduling.PriorityClasses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** system-node-critical and system-cluster-critical, kept as upstream's scheduling post-start hook keeps them. */
public final class SystemPriorityClasses {
  private static final Logger log = LoggerFactory.getLogger(SystemPriorityClasses.class);

  private final Registry registry;

  public SystemPriorityClasses(Registry registry) {
    this.registry = registry;
  }

  /** Creates the missing ones. Throws when a read or write failed (the caller retries). */
  public void reconcile() {
    for (PriorityClass pc : PriorityClasses.system()) {
      if (EnsureExists.create(registry, pc)) {
        log.info("Created priority class {}", pc.getMetadata().getName());
      }
    }
  }
}
