package io.kava.kubectl.cli;

import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.streams.PodTargets;
import io.kava.kubectl.streams.StdioSession;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "exec", mixinStandardHelpOptions = true,
    description = "Execute a command in a container: exec POD|TYPE/NAME [-c CONTAINER] [-i] [-t] -- COMMAND [args...]")
final class ExecCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(index = "0", paramLabel = "POD|TYPE/NAME")
  String target;

  @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*")
  List<String> command = List.of();

  @Mixin
  StdioOptions stdio = new StdioOptions();

  @Override
  public Integer call() throws InterruptedException {
    if (command.isEmpty()) {
      throw CliException.error("you must specify at least one command for the container");
    }
    Session session = root.session();
    Pod pod = new PodTargets(session).pod(target);
    String c = PodTargets.container(pod, stdio.container, stdio.quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
        : session.err());
    StreamStart start = StreamStart.newBuilder().setPod(StdioSession.ref(pod)).setContainer(c).addAllCommand(command)
        .setTty(stdio.tty).build();
    return new StdioSession(session, false).run(start, stdio.stdin, stdio.tty, stdio.quiet);
  }
}
