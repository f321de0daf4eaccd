package io.kava.apiserver.admission.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.apiserver.admission.eventratelimit.EventRateLimitConfig;
import io.kava.apiserver.admission.eventratelimit.Limit;
import io.kava.apiserver.admission.eventratelimit.LimitType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AdmissionConfiguration file and EventRateLimit's Configuration in it: good files and each kind of bad one. */
class AdmissionConfigurationFileTest {
  static final String EVENT_RATE_LIMIT = """
      apiVersion: eventratelimit.admission.k8s.io/v1alpha1
      kind: Configuration
      limits:
        - type: Server
          qps: 50
          burst: 100
        - type: Namespace
          qps: 10
          burst: 20
          cacheSize: 2000
        - {type: User, qps: 5, burst: 10}
        - {type: SourceAndObject, qps: 1, burst: 5}
      """;

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static EventRateLimitConfig eventRateLimit(Map<String, PluginConfiguration> plugins) {
    return plugins.get("EventRateLimit").read(EventRateLimitConfig::parse);
  }

  @Test
  void readsAnInlineConfiguration() throws IOException {
    Path file = write("admission.yaml", """
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
          - name: EventRateLimit
            configuration:
        """ + EVENT_RATE_LIMIT.indent(6));

    EventRateLimitConfig config = eventRateLimit(AdmissionConfigurationFile.load(file));

    assertThat(config.limits()).containsExactly(new Limit(LimitType.SERVER, 50, 100, 0),
        new Limit(LimitType.NAMESPACE, 10, 20, 2000), new Limit(LimitType.USER, 5, 10, 0),
        new Limit(LimitType.SOURCE_AND_OBJECT, 1, 5, 0));
  }

  @Test
  void readsAPathRelativeToTheFilesFolder() throws IOException {
    write("conf/eventratelimit.yaml", EVENT_RATE_LIMIT);
    Path file = write("conf/admission.yaml", """
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
          - name: PodSecurity
            configuration: {apiVersion: pod-security.admission.config.k8s.io/v1, kind: PodSecurityConfiguration}
          - name: EventRateLimit
            path: eventratelimit.yaml
        """);

    Map<String, PluginConfiguration> plugins = AdmissionConfigurationFile.load(file);

    assertThat(plugins).containsOnlyKeys("PodSecurity", "EventRateLimit");
    assertThat(eventRateLimit(plugins).limits()).hasSize(4);
    assertThat(plugins.get("EventRateLimit").where()).isEqualTo("plugins[1].path " + dir.resolve("conf/eventratelimit.yaml"));
  }

  @Test
  void anEmptyPluginListIsFine() {
    assertThat(AdmissionConfigurationFile.parse("apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\n", dir))
        .isEmpty();
  }

  private void refusedFile(String yaml, String message) throws IOException {
    Path file = write("bad.yaml", yaml);
    assertThatThrownBy(() -> AdmissionConfigurationFile.load(file)).isInstanceOf(AdmissionConfigException.class)
        .hasMessage("--admission-control-config-file " + file + ": " + message);
  }

  @Test
  void badFilesNameTheField() throws IOException {
    refusedFile("kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\n",
        "kind: Invalid value: \"EncryptionConfiguration\": expected AdmissionConfiguration");
    refusedFile("kind: AdmissionConfiguration\napiVersion: v1\n",
        "apiVersion: Invalid value: \"v1\": expected apiserver.config.k8s.io/v1");
    String head = "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\n";
    refusedFile(head + "plugins: {name: EventRateLimit}\n", "plugins: Invalid value: must be a list");
    refusedFile(head + "plugins:\n  - path: x.yaml\n", "plugins[0].name: Required value: the plugin's name");
    refusedFile(head + "plugins:\n  - name: EventRateLimit\n", "plugins[0]: Required value: path or configuration");
    refusedFile(head + "plugins:\n  - {name: EventRateLimit, configuration: 5}\n",
        "plugins[0].configuration: Invalid value: must be an object with apiVersion and kind");
    refusedFile(head + "plugins:\n  - {name: A, configuration: {kind: X}}\n  - {name: A, configuration: {kind: X}}\n",
        "plugins[1].name: Duplicate value: \"A\"");
    refusedFile(head + "plugins:\n  - {name: EventRateLimit, path: missing.yaml}\n",
        "plugins[0].path " + dir.resolve("missing.yaml") + ": cannot be read: NoSuchFileException " + dir.resolve("missing.yaml"));
    refusedFile("plugins: [", "not valid YAML: " + messageStart("plugins: ["));
    refusedFile("", "expected an AdmissionConfiguration object (apiserver.config.k8s.io/v1)");
  }

  private static String messageStart(String yaml) {
    try {
      new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
      throw new AssertionError("valid YAML: " + yaml);
    } catch (IOException e) {
      return e.getMessage().lines().findFirst().orElse("");
    }
  }

  @Test
  void aMissingFileIsOneLine() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> AdmissionConfigurationFile.load(missing))
        .hasMessage("--admission-control-config-file " + missing + ": cannot be read: NoSuchFileException " + missing);
  }

  private static void refusedConfig(String limits, String message) {
    PluginConfiguration config = new PluginConfiguration("plugins[0].configuration", yaml("""
        apiVersion: eventratelimit.admission.k8s.io/v1alpha1
        kind: Configuration
        """ + limits));
    assertThatThrownBy(() -> config.read(EventRateLimitConfig::parse)).isInstanceOf(AdmissionConfigException.class)
        .hasMessage("plugins[0].configuration: " + message);
  }

  private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void badEventRateLimitConfigurationsNameEveryField() {
    refusedConfig("", "limits: Invalid value: []: must not be empty");
    refusedConfig("limits: []\n", "limits: Invalid value: []: must not be empty");
    refusedConfig("limits:\n  - {type: server, qps: 1, burst: 1}\n",
        "limits[0].type: Unsupported value: \"server\": supported values: \"Server\", \"Namespace\", \"User\", \"SourceAndObject\"");
    refusedConfig("limits:\n  - {type: Server, qps: 0, burst: -1}\n",
        "limits[0].qps: Invalid value: 0: must be positive; limits[0].burst: Invalid value: -1: must be positive");
    refusedConfig("limits:\n  - {type: Server, burst: 1}\n", "limits[0].qps: Invalid value: 0: must be positive");
    refusedConfig("limits:\n  - {type: User, qps: 1, burst: 1, cacheSize: -5}\n",
        "limits[0].cacheSize: Invalid value: -5: must not be negative");
    refusedConfig("limits:\n  - {type: Server, qps: 1.5, burst: \"10\"}\n",
        "limits[0].qps: Invalid value: 1.5: must be a whole number (int32); "
            + "limits[0].burst: Invalid value: \"10\": must be a whole number (int32)");
    refusedConfig("limits: {type: Server}\n", "limits: Invalid value: must be a list");
    PluginConfiguration wrongKind = new PluginConfiguration("plugins[0].configuration",
        yaml("apiVersion: eventratelimit.admission.k8s.io/v1alpha1\nkind: EventRateLimit\n"));
    assertThatThrownBy(() -> wrongKind.read(EventRateLimitConfig::parse))
        .hasMessage("plugins[0].configuration: kind: Invalid value: \"EventRateLimit\": expected Configuration");
    PluginConfiguration wrongVersion = new PluginConfiguration("plugins[0].configuration",
        yaml("apiVersion: v1\nkind: Configuration\n"));
    assertThatThrownBy(() -> wrongVersion.read(EventRateLimitConfig::parse))
        .hasMessage("plugins[0].configuration: apiVersion: Invalid value: \"v1\": expected eventratelimit.admission.k8s.io/v1alpha1");
  }

  @Test
  void aServerLimitIgnoresItsCacheSize() {
    PluginConfiguration config = new PluginConfiguration("x", yaml("""
        apiVersion: eventratelimit.admission.k8s.io/v1alpha1
        kind: Configuration
        limits: [{type: Server, qps: 1, burst: 1, cacheSize: -1}]
        """));
    assertThat(config.read(EventRateLimitConfig::parse).limits()).containsExactly(new Limit(LimitType.SERVER, 1, 1, 0));
  }
}
