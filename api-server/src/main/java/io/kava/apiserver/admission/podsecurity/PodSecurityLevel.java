package io.kava.apiserver.admission.podsecurity;

import java.util.Locale;
import java.util.Optional;

/** The Pod Security Standards levels, from the least to the most restrictive. */
public enum PodSecurityLevel {
  PRIVILEGED, BASELINE, RESTRICTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level a namespace label names, if it names one. */
  public static Optional<PodSecurityLevel> parse(String value) {
    for (PodSecurityLevel level : values()) {
      if (level.label().equals(value)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
