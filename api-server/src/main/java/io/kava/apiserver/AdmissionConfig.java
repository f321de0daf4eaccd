package io.kava.apiserver;

import io.kava.apiserver.admission.AdmissionPlugins;
import java.util.List;

/**
 * The admission plugins that are on, in running order (--enable-admission-plugins and
 * --disable-admission-plugins applied to upstream's default set), and those turned off by name.
 */
public record AdmissionConfig(List<String> enabled, List<String> disabled) {
  public AdmissionConfig {
    enabled = List.copyOf(enabled);
    disabled = List.copyOf(disabled);
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
    return new AdmissionConfig(AdmissionPlugins.resolve(enable, disable), disable);
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
