package io.kava.apiserver.admission.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads upstream's AdmissionConfiguration (apiserver.config.k8s.io/v1), the file of
 * --admission-control-config-file: per plugin name, its configuration inline ({@code configuration})
 * or in a file ({@code path}, relative to this file's folder, as upstream). Upstream reads path first
 * when both are given; so does Kava. Stricter than upstream: an entry with neither, or a plugin named
 * twice, is an error rather than silently the first one.
 */
public final class AdmissionConfigurationFile {
  public static final String FLAG = "--admission-control-config-file";
  /** The versions upstream's kube-apiserver still reads. */
  private static final Set<String> API_VERSIONS = Set.of("apiserver.config.k8s.io/v1", "apiserver.config.k8s.io/v1alpha1",
      "apiserver.k8s.io/v1alpha1");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private AdmissionConfigurationFile() {}

  /** Per plugin name its configuration, in the file's order; errors name the flag, the file and the field. */
  public static Map<String, PluginConfiguration> load(Path file) {
    try {
      return parse(read(file, "cannot be read"), file.toAbsolutePath().getParent());
    } catch (AdmissionConfigException e) {
      throw new AdmissionConfigException(FLAG + " " + file + ": " + e.getMessage());
    }
  }

  /** @param folder where relative plugin paths are looked up */
  static Map<String, PluginConfiguration> parse(String yaml, Path folder) {
    JsonNode root = yaml(yaml);
    if (root == null || !root.isObject()) {
      throw new AdmissionConfigException("expected an AdmissionConfiguration object (apiserver.config.k8s.io/v1)");
    }
    String kind = root.path("kind").asText("");
    String apiVersion = root.path("apiVersion").asText("");
    if (!kind.equals("AdmissionConfiguration")) {
      throw new AdmissionConfigException("kind: Invalid value: \"" + kind + "\": expected AdmissionConfiguration");
    }
    if (!API_VERSIONS.contains(apiVersion)) {
      throw new AdmissionConfigException("apiVersion: Invalid value: \"" + apiVersion + "\": expected apiserver.config.k8s.io/v1");
    }
    JsonNode plugins = root.path("plugins");
    if (!plugins.isMissingNode() && !plugins.isNull() && !plugins.isArray()) {
      throw new AdmissionConfigException("plugins: Invalid value: must be a list");
    }
    Map<String, PluginConfiguration> byName = new LinkedHashMap<>();
    for (int i = 0; i < plugins.size(); i++) {
      String at = "plugins[" + i + "]";
      JsonNode entry = plugins.get(i);
      if (!entry.isObject()) {
        throw new AdmissionConfigException(at + ": Invalid value: must be an object with name and path or configuration");
      }
      String name = entry.path("name").asText("");
      if (name.isBlank()) {
        throw new AdmissionConfigException(at + ".name: Required value: the plugin's name");
      }
      if (byName.containsKey(name)) {
        throw new AdmissionConfigException(at + ".name: Duplicate value: \"" + name + "\"");
      }
      byName.put(name, configuration(entry, at, folder));
    }
    return byName;
  }

  private static PluginConfiguration configuration(JsonNode entry, String at, Path folder) {
    String path = entry.path("path").asText("");
    if (!path.isEmpty()) {
      Path file = folder == null ? Path.of(path) : folder.resolve(path);
      String where = at + ".path " + file;
      try {
        return new PluginConfiguration(where, yaml(read(file, "cannot be read")));
      } catch (AdmissionConfigException e) {
        throw new AdmissionConfigException(where + ": " + e.getMessage());
      }
    }
    JsonNode inline = entry.path("configuration");
    if (inline.isMissingNode() || inline.isNull()) {
      throw new AdmissionConfigException(at + ": Required value: path or configuration");
    }
    if (!inline.isObject()) {
      throw new AdmissionConfigException(at + ".configuration: Invalid value: must be an object with apiVersion and kind");
    }
    return new PluginConfiguration(at + ".configuration", inline);
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AdmissionConfigException(what + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new AdmissionConfigException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
