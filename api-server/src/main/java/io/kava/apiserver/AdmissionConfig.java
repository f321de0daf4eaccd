package io.kava.apiserver;

import io.kava.apiserver.admission.AdmissionPlugins;
import io.kava.apiserver.admission.config.AdmissionConfigException;
import io.kava.apiserver.admission.config.AdmissionConfigurationFile;
import io.kava.apiserver.admission.eventratelimit.EventRateLimitConfig;
import java.util.List;
import java.util.Optional;

/**
 * The admission plugins that are on, in running order (--enable-admission-plugins and
 * --disable-admission-plugins applied to upstream's default set), those turned off by name, and the
 * configuration of the plugins that take one (--admission-control-config-file): EventRateLimit's, which
 * it cannot be on without, as upstream.
 */
public record AdmissionConfig(List<String> enabled, List<String> disabled, Optional<EventRateLimitConfig> eventRateLimit) {
  public AdmissionConfig {
    enabled = List.copyOf(enabled);
    disabled = List.copyOf(disabled);
    if (enabled.contains(AdmissionPlugins.EVENT_RATE_LIMIT) && eventRateLimit.isEmpty()) {
      throw new AdmissionConfigException("couldn't init admission plugin \"" + AdmissionPlugins.EVENT_RATE_LIMIT
          + "\": missing configuration: give it in the " + AdmissionConfigurationFile.FLAG + " (plugins entry \""
          + AdmissionPlugins.EVENT_RATE_LIMIT + "\" with a " + EventRateLimitConfig.KIND + " of " + EventRateLimitConfig.API_VERSION
          + " and at least one limit)");
    }
  }

  public AdmissionConfig(List<String> enabled, List<String> disabled) {
    this(enabled, disabled, Optional.empty());
  }

  public AdmissionConfig(List<String> enabled) {
    this(enabled, List.of());
  }

  /** Upstream's default-on plugins. */
  public static AdmissionConfig defaults() {
    return of(List.of(), List.of());
  }

  /** The default set with the flags applied; IllegalArgumentException for an unknown name. */
  public static AdmissionConfig of(List<String> enable, List<String> disable) {
    return of(enable, disable, Optional.empty());
  }

  /** The same with EventRateLimit's configuration; AdmissionConfigException when EventRateLimit is on without one. */
  public static AdmissionConfig of(List<String> enable, List<String> disable, Optional<EventRateLimitConfig> eventRateLimit) {
    return new AdmissionConfig(AdmissionPlugins.resolve(enable, disable), disable, eventRateLimit);
  }

  /**
   * The plugins that run: with the Node authorizer on, NodeRestriction too unless it was disabled by
   * name (kubeadm turns both on together; Kava keeps them paired when the flag is left out).
   */
  public List<String> running(boolean nodeAuthorization) {
    if (!nodeAuthorization || enabled.contains(AdmissionPlugins.NODE_RESTRICTION)
        || disabled.contains(AdmissionPlugins.NODE_RESTRICTION)) {
      return enabled;
    }
    java.util.Set<String> on = new java.util.HashSet<>(enabled);
    on.add(AdmissionPlugins.NODE_RESTRICTION);
    return AdmissionPlugins.ORDERED.stream().filter(on::contains).toList();
  }

  public boolean isEnabled(String plugin) {
    return enabled.contains(plugin);
  }
}
