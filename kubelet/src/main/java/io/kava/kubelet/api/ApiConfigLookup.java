package io.kava.kubelet.api;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Secret;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.kubelet.pod.ConfigLookup;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads ConfigMaps, Secrets and claims with their volumes straight from the API server when a container starts. */
public final class ApiConfigLookup implements ConfigLookup {
  private final ResourceClient<ConfigMap> configMaps;
  private final ResourceClient<Secret> secrets;
  private final ResourceClient<PersistentVolumeClaim> claims;
  private final ResourceClient<PersistentVolume> volumes;

  public ApiConfigLookup(ResourceClient<ConfigMap> configMaps, ResourceClient<Secret> secrets) {
    this(configMaps, secrets, null, null);
  }

  public ApiConfigLookup(ResourceClient<ConfigMap> configMaps, ResourceClient<Secret> secrets,
      ResourceClient<PersistentVolumeClaim> claims, ResourceClient<PersistentVolume> volumes) {
    this.configMaps = configMaps;
    this.secrets = secrets;
    this.claims = claims;
    this.volumes = volumes;
  }

  @Override
  public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
    return claims == null ? Optional.empty() : get(() -> claims.get(namespace, name));
  }

  @Override
  public Optional<PersistentVolume> volume(String name) {
    return volumes == null ? Optional.empty() : get(() -> volumes.get("", name));
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return get(() -> configMaps.get(namespace, name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return get(() -> secrets.get(namespace, name));
  }

  private static <T> Optional<T> get(Supplier<T> get) {
    try {
      return Optional.of(get.get());
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
