package io.kava.kubelet.pod;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Secret;
import java.util.Optional;

/** Reads the ConfigMaps, Secrets and claims that containers and volumes refer to; empty when the object does not exist. */
public interface ConfigLookup {
  Optional<ConfigMap> configMap(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);

  /** The claim a persistentVolumeClaim volume names (none unless the lookup reads claims). */
  default Optional<PersistentVolumeClaim> claim(String namespace, String name) {
    return Optional.empty();
  }

  /** The volume a bound claim names. */
  default Optional<PersistentVolume> volume(String name) {
    return Optional.empty();
  }

  /** For pods without env references, and for tests. */
  ConfigLookup NONE = new ConfigLookup() {
    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
      return Optional.empty();
    }
  };
}
