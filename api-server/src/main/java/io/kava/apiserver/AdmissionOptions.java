package io.kava.apiserver;

import io.kava.apiserver.admission.AdmissionPlugins;
import io.kava.apiserver.admission.config.AdmissionConfigException;
import io.kava.apiserver.admission.config.AdmissionConfigurationFile;
import io.kava.apiserver.admission.config.PluginConfiguration;
import io.kava.apiserver.admission.eventratelimit.EventRateLimitConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** kube-apiserver's admission plugin flags (issue 12), kept together as a mixin. */
public final class AdmissionOptions {
  private static final Logger log = LoggerFactory.getLogger(AdmissionOptions.class);

  @Option(names = "--enable-admission-plugins", split = ",", paramLabel = "PLUGIN",
      description = "Admission plugins to turn on besides the default ones (NamespaceLifecycle, LimitRanger, ServiceAccount, "
          + "PodSecurity, Priority, DefaultTolerationSeconds, DefaultStorageClass, ResourceQuota and upstream's other "
          + "default-on names); upstream's names, e.g. NodeRestriction, EventRateLimit.")
  List<String> enable = new ArrayList<>();

  @Option(names = "--disable-admission-plugins", split = ",", paramLabel = "PLUGIN",
      description = "Admission plugins to turn off although they are on by default.")
  List<String> disable = new ArrayList<>();

  @Option(names = AdmissionConfigurationFile.FLAG, paramLabel = "FILE",
      description = "AdmissionConfiguration file (apiserver.config.k8s.io/v1): each plugin's configuration, inline or by path. "
          + "EventRateLimit needs its Configuration here.")
  Path configFile;

  /** The plugins and their configuration; a bad name is a usage error, a bad file an AdmissionConfigException. */
  AdmissionConfig config(CommandLine.Model.CommandSpec spec) {
    List<String> on;
    List<String> off = trimmed(disable);
    try {
      on = AdmissionPlugins.resolve(trimmed(enable), off);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Map<String, PluginConfiguration> configurations = configFile == null ? Map.of() : AdmissionConfigurationFile.load(configFile);
    configurations.keySet().stream().filter(name -> !name.equals(AdmissionPlugins.EVENT_RATE_LIMIT)).forEach(name ->
        log.warn("Ignored the admission configuration of {}: Kava reads the configuration of EventRateLimit only", name));
    Optional<EventRateLimitConfig> eventRateLimit;
    try {
      eventRateLimit = Optional.ofNullable(configurations.get(AdmissionPlugins.EVENT_RATE_LIMIT))
          .map(c -> c.read(EventRateLimitConfig::parse));
    } catch (AdmissionConfigException e) {
      throw new AdmissionConfigException(AdmissionConfigurationFile.FLAG + " " + configFile + ": " + e.getMessage());
    }
    return AdmissionConfig.of(trimmed(enable), off, eventRateLimit);
  }

  private static List<String> trimmed(List<String> names) {
    return names.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
  }
}
