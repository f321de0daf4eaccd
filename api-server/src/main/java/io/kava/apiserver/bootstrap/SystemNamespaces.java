package io.kava.apiserver.bootstrap;

import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.admission.NamespaceLifecycle;
import io.kava.apiserver.registry.Registry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system namespaces (default, kube-system, kube-public, kube-node-lease), as upstream's bootstrap
 * controller keeps them: every pass reads each one and creates those missing, so a store that lost its
 * data (or was restored from a snapshot without them) has them back within one pass. A pass with
 * nothing missing costs four reads.
 */
public final class SystemNamespaces {
  private static final Logger log = LoggerFactory.getLogger(SystemNamespaces.class);

  private final Registry registry;

  public SystemNamespaces(Registry registry) {
    this.registry = registry;
  }

  /** Creates the missing ones; returns their names. Throws when a read or write failed (the caller retries). */
  public List<String> reconcile() {
    List<String> created = new ArrayList<>();
    for (String name : NamespaceLifecycle.SYSTEM_NAMESPACES) {
      if (EnsureExists.create(registry, Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).build())) {
        log.info("Created namespace {}", name);
        created.add(name);
      }
    }
    return created;
  }
}
