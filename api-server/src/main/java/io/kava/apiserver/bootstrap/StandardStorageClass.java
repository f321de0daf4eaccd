package io.kava.apiserver.bootstrap;

import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.storage.v1.StorageClass;
import io.kava.apiserver.registry.Registry;
import io.kava.client.storage.StorageNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default StorageClass {@code standard} of the local-path provisioner, kept as the addon manager's
 * EnsureExists mode keeps kind's: created when missing, never changed once there (a user's edits stay).
 */
public final class StandardStorageClass {
  private static final Logger log = LoggerFactory.getLogger(StandardStorageClass.class);

  private final Registry registry;

  public StandardStorageClass(Registry registry) {
    this.registry = registry;
  }

  public static StorageClass standard() {
    return StorageClass.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName(StorageNames.STANDARD_CLASS)
            .putAnnotations(StorageNames.DEFAULT_CLASS_ANNOTATION, "true"))
        .setProvisioner(StorageNames.LOCAL_PATH_PROVISIONER)
        .setReclaimPolicy(StorageNames.DELETE)
        .setVolumeBindingMode(StorageNames.WAIT_FOR_FIRST_CONSUMER)
        .build();
  }

  /** Creates it when missing; returns whether it did. Throws when a read or write failed (the caller retries). */
  public boolean reconcile() {
    boolean created = EnsureExists.create(registry, standard());
    if (created) {
      log.info("Created storage class {}", StorageNames.STANDARD_CLASS);
    }
    return created;
  }
}
