package io.kava.kubectl.cli;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.generate.Exposer;
import io.kava.kubectl.generate.GeneratedOutput;
import io.kava.kubectl.generate.RunGenerator;
import io.kava.kubectl.streams.AttachedRun;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `kavactl run NAME --image=IMAGE [-- ARGS...]`: one Pod, as `kubectl run` makes it. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Create and run a particular image in a pod: run NAME --image=IMAGE [--env K=V] [--port P] [-- ARGS...].")
final class RunCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The container's args (its command with --command)")
  List<String> args = List.of();

  @Option(names = "--image", required = true, description = "The image for the container to run")
  String image;

  @Option(names = "--restart", defaultValue = "Always", description = "Always, OnFailure or Never")
  String restart;

  @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Environment variables to set in the container")
  List<String> env = List.of();

  @Option(names = "--port", defaultValue = "-1", description = "The port that this container exposes")
  int port;

  @Option(names = {"-l", "--labels"}, description = "Comma separated labels to apply to the pod; they replace run=NAME")
  String labels;

  @Option(names = "--command", description = "Use the extra arguments as the command instead of the args")
  boolean command;

  @Option(names = {"-i", "--stdin"}, description = "Keep stdin open on the container in the pod")
  boolean stdin;

  @Option(names = {"-t", "--tty"}, description = "Allocate a TTY for the container in the pod")
  boolean tty;

  @Option(names = "--rm", description = "Delete the pod after it exits (with --stdin: once attached)")
  boolean rm;

  @Option(names = {"-q", "--quiet"}, description = "Print no messages of kavactl's own (only the container's output)")
  boolean quiet;

  @Option(names = "--pod-running-timeout", defaultValue = "1m", converter = io.kava.client.flags.DurationConverter.class,
      description = "How long to wait for the pod to run before attaching (default: ${DEFAULT-VALUE})")
  java.time.Duration podRunningTimeout;

  @Option(names = "--image-pull-policy", defaultValue = "", description = "Always, IfNotPresent or Never")
  String imagePullPolicy;

  @Option(names = "--dry-run", arity = "0..1", preprocessor = BareDryRun.class, paramLabel = "none|client|server",
      description = "client: print the Pod without sending it; server: the server checks it and stores nothing")
  String dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json or name")
  String output;

  @Override
  public Integer call() {
    Session session = root.session();
    DryRun mode = CreateServiceCommand.dryRun(dryRun, session);
    GeneratedOutput out = GeneratedOutput.parse(output);
    if (tty && !stdin) {
      throw CliException.error("-i/--stdin is required for containers with -t/--tty=true");
    }
    if (rm && !stdin && mode == DryRun.NONE) {
      throw CliException.error("--rm should only be used for attached containers");
    }
    Pod pod = RunGenerator.generate(new RunGenerator.Options(name, image, restart, env, port, labels, command, args,
        stdin, tty, imagePullPolicy));
    if (stdin && mode == DryRun.NONE) {
      return attached(session, pod);
    }
    try {
      Exposer.createOrPrint(session, pod, "created", mode, out);
      return 0;
    } catch (ApiException e) {
      throw new CliException(session.describe(e, Kinds.POD, name));
    }
  }

  /** `run -i [-t] [--rm]`: create the pod, attach to it, delete it afterwards with --rm (AttachedRun). */
  private int attached(Session session, Pod pod) {
    try {
      return new AttachedRun(session, podRunningTimeout).run(pod, tty, quiet, rm);
    } catch (ApiException e) {
      throw new CliException(session.describe(e, Kinds.POD, name));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
