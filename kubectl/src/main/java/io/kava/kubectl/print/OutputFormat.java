package io.kava.kubectl.print;

import io.kava.kubectl.CliException;

/**
 * The -o choices of `kavactl get`: a table (default), a wide table, yaml, json, kind/name lines, and the
 * templates (jsonpath=, jsonpath-file=, custom-columns=, custom-columns-file=; {@link Output} holds their
 * argument).
 */
public enum OutputFormat {
  TABLE, WIDE, YAML, JSON, NAME, JSONPATH, CUSTOM_COLUMNS;

  /** kubectl's list of -o values, for the error line. */
  static final String ALLOWED = "custom-columns,custom-columns-file,json,jsonpath,jsonpath-file,name,wide,yaml";

  public static OutputFormat parse(String text) {
    if (text == null || text.isEmpty()) {
      return TABLE;
    }
    return switch (text) {
      case "wide" -> WIDE;
      case "yaml" -> YAML;
      case "json" -> JSON;
      case "name" -> NAME;
      default -> {
        String name = text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
        if (name.equals("jsonpath") || name.equals("jsonpath-file")) {
          yield JSONPATH;
        }
        if (name.equals("custom-columns") || name.equals("custom-columns-file")) {
          yield CUSTOM_COLUMNS;
        }
        throw CliException.error("unable to match a printer suitable for the output format \"" + text
            + "\", allowed formats are: " + ALLOWED);
      }
    };
  }
}
