package io.kava.apiserver.admission;

import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.storage.v1.StorageClass;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.registry.Keys;
import io.kava.apiserver.registry.WriteHook;
import io.kava.apiserver.storage.Storage;
import io.kava.client.Kinds;
import io.kava.client.storage.StorageNames;
import com.google.protobuf.Message;
import java.util.Comparator;
import java.util.Optional;

/**
 * Upstream's DefaultStorageClass admission: a new claim that names no class (storageClassName unset,
 * not "") gets the default class's name; with several defaults, the newest. Without a default the claim
 * keeps no class, as upstream.
 */
public final class DefaultStorageClass implements WriteHook {
  private final Storage storage;
  private final Keys keys;

  public DefaultStorageClass(Storage storage, Keys keys) {
    this.storage = storage;
    this.keys = keys;
  }

  @Override
  public Pending beginCreate(Message object, boolean dryRun) {
    PersistentVolumeClaim pvc = (PersistentVolumeClaim) object;
    if (pvc.getSpec().hasStorageClassName()) {
      return WriteHook.nothing(pvc);
    }
    Optional<String> name = defaultClass();
    return WriteHook.nothing(name.isEmpty() ? pvc
        : pvc.toBuilder().setSpec(pvc.getSpec().toBuilder().setStorageClassName(name.get())).build());
  }

  /** The default class's name, if one is marked default. */
  Optional<String> defaultClass() {
    return storage.range(keys.listPrefix(Kinds.STORAGE_CLASS, ""), 0).items().stream()
        .map(kv -> (StorageClass) Codec.decode(Kinds.STORAGE_CLASS, kv.value(), kv.modRevision()))
        .filter(DefaultStorageClass::isDefault)
        .max(Comparator.comparing((StorageClass sc) -> sc.getMetadata().getCreationTimestamp())
            .thenComparing(sc -> sc.getMetadata().getName()))
        .map(sc -> sc.getMetadata().getName());
  }

  public static boolean isDefault(StorageClass sc) {
    return "true".equals(sc.getMetadata().getAnnotationsOrDefault(StorageNames.DEFAULT_CLASS_ANNOTATION, ""));
  }

  @Override
  public Pending beginUpdate(Message object, Message old, boolean dryRun) {
    return WriteHook.nothing(object);
  }

  @Override
  public void afterDelete(Message deleted) {}
}
