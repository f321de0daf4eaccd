package io.kava.kubectl.cli;

import picocli.CommandLine.Option;

/** The options exec and attach share, as kubectl's. */
final class StdioOptions {
  @Option(names = {"-c", "--container"}, description = "Container name; default: the annotated default, else the first")
  String container;

  @Option(names = {"-i", "--stdin"}, description = "Pass stdin to the container")
  boolean stdin;

  @Option(names = {"-t", "--tty"}, description = "Stdin is a TTY")
  boolean tty;

  @Option(names = {"-q", "--quiet"}, description = "Only print output from the remote session")
  boolean quiet;
}
