package io.kava.apiserver;

import io.kava.apiserver.admission.AdmissionPlugins;
import java.util.List;

/**
 * The admission plugins that are on, in running order (--enable-admission-plugins and
 * --disable-admission-plugins applied to upstream's default set).
 */
public record AdmissionConfig(List<String> enabled) {
  public AdmissionConfig {
    enabled = List.copyOf(enabled);
  }

  /** Upstream's default-on plugins. */
  public static AdmissionConfig defaults() {
    return of(List.of(), List.of());
  }

  /** The default set with the flags applied; IllegalArgumentException for an unknown name. */
  public static AdmissionConfig of(List<String> enable, List<String> disable) {
    return new AdmissionConfig(AdmissionPlugins.resolve(enable, disable));
  }

  public boolean isEnabled(String plugin) {
    return enabled.contains(plugin);
  }
}
