package io.kava.kubectl.cli;

import picocli.CommandLine.Command;

/** `kavactl uncordon NODE...`: mark nodes schedulable again. */
@Command(name = "uncordon", mixinStandardHelpOptions = true, description = "Mark node as schedulable.")
final class UncordonCommand extends NodeSchedulingCommand {
  @Override
  String command() {
    return "uncordon";
  }

  @Override
  boolean unschedulable() {
    return false;
  }
}
