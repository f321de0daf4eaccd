package io.kava.kubelet.api;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Secret;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.kubelet.pod.ConfigLookup;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads ConfigMaps and Secrets for env references straight from the API server when a container starts. */
public final class ApiConfigLookup implements ConfigLookup {
  private final ResourceClient<ConfigMap> configMaps;
  private final ResourceClient<Secret> secrets;

  public ApiConfigLookup(ResourceClient<ConfigMap> configMaps, ResourceClient<Secret> secrets) {
    this.configMaps = configMaps;
    this.secrets = secrets;
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
