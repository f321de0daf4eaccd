package io.kava.kubelet.pod;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Secret;
import java.util.Optional;

/** Reads the ConfigMaps and Secrets that containers' env refers to; empty when the object does not exist. */
public interface ConfigLookup {
  Optional<ConfigMap> configMap(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);

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
