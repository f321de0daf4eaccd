package io.kava.kubectl.print;

import io.kava.kubectl.CliException;

/** The -o choices of `kavactl get`: a table (default), a wide table, yaml, json or kind/name lines. */
public enum OutputFormat {
  TABLE, WIDE, YAML, JSON, NAME;

  public static OutputFormat parse(String text) {
    if (text == null || text.isEmpty()) {
      return TABLE;
    }
    return switch (text) {
      case "wide" -> WIDE;
      case "yaml" -> YAML;
      case "json" -> JSON;
      case "name" -> NAME;
      default -> throw CliException.error("unable to match a printer suitable for the output format \"" + text
          + "\", allowed formats are: json,name,wide,yaml");
    };
  }
}
