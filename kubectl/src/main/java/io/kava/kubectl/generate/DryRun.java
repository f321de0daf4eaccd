package io.kava.kubectl.generate;

import io.kava.kubectl.CliException;

/** kubectl's --dry-run: none (write), client (print only), server (the server checks and stores nothing). */
public enum DryRun {
  NONE, CLIENT, SERVER;

  /** The value picocli gives a bare `--dry-run`, which kubectl reads as client with a warning. */
  public static final String BARE = "unchanged";

  public static DryRun parse(String value) {
    if (value == null || value.isEmpty() || value.equals("none")) {
      return NONE;
    }
    return switch (value) {
      case "client", BARE -> CLIENT;
      case "server" -> SERVER;
      default -> throw CliException.error("Invalid dry-run value (" + value + "). Must be \"none\", \"server\", or \"client\".");
    };
  }

  /** What the printed line ends with: "", " (dry run)" or " (server dry run)". */
  public String suffix() {
    return switch (this) {
      case NONE -> "";
      case CLIENT -> " (dry run)";
      case SERVER -> " (server dry run)";
    };
  }
}
