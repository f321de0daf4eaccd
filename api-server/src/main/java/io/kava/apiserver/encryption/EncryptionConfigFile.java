package io.kava.apiserver.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads upstream's EncryptionConfiguration (apiserver.config.k8s.io/v1), the file of
 * --encryption-provider-config. Providers aesgcm, aescbc and identity; keys are base64 of 16, 24 or 32
 * bytes. Every error names the field, as upstream's validation does.
 */
public final class EncryptionConfigFile {
  private static final Set<Integer> KEY_LENGTHS = Set.of(16, 24, 32);
  private static final Set<String> UNSUPPORTED = Set.of("secretbox", "kms");

  private final SecureRandom random;

  public EncryptionConfigFile(SecureRandom random) {
    this.random = random;
  }

  public static EncryptionAtRest load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new EncryptionConfigException("--encryption-provider-config " + file + ": cannot be read: " + e.getMessage());
    }
    try {
      return new EncryptionConfigFile(new SecureRandom()).parse(text);
    } catch (EncryptionConfigException e) {
      throw new EncryptionConfigException("--encryption-provider-config " + file + ": " + e.getMessage());
    }
  }

  public EncryptionAtRest parse(String yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new EncryptionConfigException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new EncryptionConfigException("expected an EncryptionConfiguration object");
    }
    String kind = root.path("kind").asText("");
    String apiVersion = root.path("apiVersion").asText("");
    if (!kind.equals("EncryptionConfiguration")) {
      throw new EncryptionConfigException("kind: Invalid value: \"" + kind + "\": expected EncryptionConfiguration");
    }
    if (!apiVersion.equals("apiserver.config.k8s.io/v1")) {
      throw new EncryptionConfigException("apiVersion: Invalid value: \"" + apiVersion + "\": expected apiserver.config.k8s.io/v1");
    }
    JsonNode entries = root.path("resources");
    if (!entries.isArray() || entries.isEmpty()) {
      throw new EncryptionConfigException("resources: Required value: at least one resource entry is needed");
    }
    Map<String, ProviderChain> byResource = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String path = "resources[" + i + "]";
      JsonNode entry = entries.get(i);
      ProviderChain chain = new ProviderChain(providers(entry.path("providers"), path + ".providers"));
      JsonNode names = entry.path("resources");
      if (!names.isArray() || names.isEmpty()) {
        throw new EncryptionConfigException(path + ".resources: Required value: name at least one resource");
      }
      for (int j = 0; j < names.size(); j++) {
        String field = path + ".resources[" + j + "]";
        String resource = resourceName(names.get(j).asText(""), field);
        if (byResource.putIfAbsent(resource, chain) != null) {
          throw new EncryptionConfigException(field + ": Duplicate value: \"" + names.get(j).asText() + "\"");
        }
      }
    }
    return new EncryptionAtRest(byResource);
  }

  /** "secrets", "deployments.apps" (the group does not matter here: resource names are unique in Kava), "*.*". */
  private static String resourceName(String name, String field) {
    if (name.isBlank()) {
      throw new EncryptionConfigException(field + ": Required value: a resource name");
    }
    if (name.equals("*.*") || name.equals("*.") || name.equals("*")) {
      return EncryptionAtRest.EVERY_RESOURCE;
    }
    if (name.startsWith("*.")) {
      throw new EncryptionConfigException(field + ": Invalid value: \"" + name + "\": group wildcards other than *.* and *. are not supported");
    }
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private List<ValueTransformer> providers(JsonNode list, String path) {
    if (!list.isArray() || list.isEmpty()) {
      throw new EncryptionConfigException(path + ": Required value: at least one provider is needed");
    }
    List<ValueTransformer> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String field = path + "[" + i + "]";
      JsonNode provider = list.get(i);
      if (!provider.isObject() || provider.size() != 1) {
        throw new EncryptionConfigException(field + ": Invalid value: exactly one provider must be given (aesgcm, aescbc or identity)");
      }
      String type = provider.fieldNames().next();
      JsonNode spec = provider.get(type);
      switch (type) {
        case "identity" -> out.add(null);
        case "aesgcm", "aescbc" -> out.addAll(keys(type, spec.path("keys"), field + "." + type + ".keys"));
        default -> throw new EncryptionConfigException(field + "." + type + ": "
            + (UNSUPPORTED.contains(type) ? "Unsupported value: the " + type + " provider is not supported by Kava"
                : "Unsupported value: \"" + type + "\": supported providers are aesgcm, aescbc and identity"));
      }
    }
    return out;
  }

  private List<ValueTransformer> keys(String type, JsonNode keys, String path) {
    if (!keys.isArray() || keys.isEmpty()) {
      throw new EncryptionConfigException(path + ": Required value: at least one key is needed");
    }
    List<ValueTransformer> out = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (int k = 0; k < keys.size(); k++) {
      String field = path + "[" + k + "]";
      String name = keys.get(k).path("name").asText("");
      if (name.isEmpty()) {
        throw new EncryptionConfigException(field + ".name: Required value: a key needs a name");
      }
      if (name.contains(":")) {
        throw new EncryptionConfigException(field + ".name: Invalid value: \"" + name + "\": must not contain ':'");
      }
      if (!names.add(name)) {
        throw new EncryptionConfigException(field + ".name: Duplicate value: \"" + name + "\"");
      }
      SecretKey secret = secret(keys.get(k).path("secret").asText(""), field + ".secret");
      out.add(type.equals("aesgcm") ? new AesGcmTransformer(name, secret, random) : new AesCbcTransformer(name, secret, random));
    }
    return out;
  }

  private static SecretKey secret(String base64, String field) {
    if (base64.isEmpty()) {
      throw new EncryptionConfigException(field + ": Required value: a base64-encoded key");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new EncryptionConfigException(field + ": Invalid value: \"REDACTED\": secrets must be base64 encoded");
    }
    if (!KEY_LENGTHS.contains(bytes.length)) {
      throw new EncryptionConfigException(field + ": Invalid value: \"REDACTED\": secret is not of the expected length, got "
          + bytes.length + ", expected one of [16 24 32]");
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
