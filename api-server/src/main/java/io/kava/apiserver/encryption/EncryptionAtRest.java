package io.kava.apiserver.encryption;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which resources are transformed on their way to storage and how: resource ("secrets") to its
 * provider chain, "*" for every resource not named (upstream's "*.*"). Empty: everything is stored as is.
 */
public final class EncryptionAtRest {
  static final String EVERY_RESOURCE = "*";

  private final Map<String, ProviderChain> byResource;

  EncryptionAtRest(Map<String, ProviderChain> byResource) {
    this.byResource = new LinkedHashMap<>(byResource);
  }

  public static EncryptionAtRest none() {
    return new EncryptionAtRest(Map.of());
  }

  public boolean isEmpty() {
    return byResource.isEmpty();
  }

  public Optional<ProviderChain> of(String resource) {
    ProviderChain chain = byResource.get(resource);
    return Optional.ofNullable(chain != null ? chain : byResource.get(EVERY_RESOURCE));
  }

  /** The resources named, for the start-up log line. */
  public String describe() {
    return String.join(",", byResource.keySet());
  }
}
