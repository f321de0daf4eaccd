package io.kava.kubectl.cli;

import picocli.CommandLine.Command;

/** `kavactl cordon NODE...`: mark nodes unschedulable. */
@Command(name = "cordon", mixinStandardHelpOptions = true, description = "Mark node as unschedulable.")
final class CordonCommand extends NodeSchedulingCommand {
  @Override
  String command() {
    return "cordon";
  }

  @Override
  boolean unschedulable() {
    return true;
  }
}
