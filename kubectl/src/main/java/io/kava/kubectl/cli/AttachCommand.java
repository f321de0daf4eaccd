package io.kava.kubectl.cli;

import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.kubectl.Session;
import io.kava.kubectl.streams.PodTargets;
import io.kava.kubectl.streams.StdioSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "attach", mixinStandardHelpOptions = true,
    description = "Attach to a process that is already running inside an existing container: attach POD [-i] [-t] [-c C]")
final class AttachCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "POD|TYPE/NAME")
  String target;

  @Mixin
  StdioOptions stdio = new StdioOptions();

  @Override
  public Integer call() throws InterruptedException {
    Session session = root.session();
    Pod pod = new PodTargets(session).pod(target);
    String c = PodTargets.container(pod, stdio.container, session.err());
    StreamStart start = StreamStart.newBuilder().setPod(StdioSession.ref(pod)).setContainer(c).setTty(stdio.tty).build();
    return new StdioSession(session, true).run(start, stdio.stdin, stdio.tty, stdio.quiet);
  }
}
