package io.kava.client.patch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three patch formats upstream's PATCH takes, by kubectl's `--type` names. */
public enum PatchType {
  STRATEGIC("application/strategic-merge-patch+json"),
  MERGE("application/merge-patch+json"),
  JSON("application/json-patch+json");

  private final String mediaType;

  PatchType(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The `--type` value ("strategic", "merge", "json"). */
  public String flagName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** By `--type` name or media type; fails with kubectl's message for anything else. */
  public static PatchType parse(String text) {
    for (PatchType t : values()) {
      if (t.flagName().equalsIgnoreCase(text.strip()) || t.mediaType.equalsIgnoreCase(text.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("--type must be one of " + Arrays.stream(values())
        .map(t -> "\"" + t.flagName() + "\"").collect(Collectors.joining(" ", "[", "]")) + ", not \"" + text + "\"");
  }
}
