package io.kava.kubelet.testing;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Secret;
import io.kava.kubelet.pod.ConfigLookup;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** ConfigMaps and Secrets the test puts in, by "namespace/name". */
public final class MapConfigLookup implements ConfigLookup {
  public final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
  public final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.get(namespace + "/" + name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  }
}
