package io.kava.kubectl.cli;

import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import picocli.CommandLine.Option;

/** kubectl's `--dry-run[=none|client|server]` of the commands that write objects, as one mixin. */
final class DryRunFlag {
  @Option(names = "--dry-run", arity = "0..1", paramLabel = "none|client|server",
      preprocessor = BareDryRun.class, description = "client: only print; server: the server checks and stores nothing")
  String value;

  DryRun mode(Session session) {
    return CreateServiceCommand.dryRun(value, session);
  }
}
