package io.kava.kubectl.cli;

import io.kava.api.core.v1.Pod;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.streams.PodTargets;
import io.kava.kubectl.streams.PortForwarder;
import io.kava.kubectl.streams.StdioSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "port-forward", mixinStandardHelpOptions = true,
    description = "Forward one or more local ports to a pod: port-forward pod/NAME|svc/NAME|deploy/NAME [LOCAL:]REMOTE...")
final class PortForwardCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(index = "0", paramLabel = "TYPE/NAME")
  String target;

  @Parameters(index = "1..*", paramLabel = "[LOCAL_PORT:]REMOTE_PORT", arity = "1..*")
  List<String> ports = new ArrayList<>();

  @Option(names = "--address", split = ",", defaultValue = "localhost",
      description = "Addresses to listen on (comma separated); localhost is 127.0.0.1")
  List<String> addresses;

  @Override
  public Integer call() throws InterruptedException {
    List<PortForwarder.Mapping> mappings = new ArrayList<>();
    for (String p : ports) {
      try {
        mappings.add(PortForwarder.Mapping.parse(p));
      } catch (IllegalArgumentException e) {
        throw CliException.error(e.getMessage());
      }
    }
    Session session = root.session();
    Pod pod = new PodTargets(session).pod(target);
    if (!pod.getStatus().getPhase().equals("Running")) {
      throw CliException.error("unable to forward port because pod is not running. Current status="
          + pod.getStatus().getPhase());
    }
    try (PortForwarder forwarder = new PortForwarder(session.client().channel(), StdioSession.ref(pod), session.out())) {
      forwarder.listen(addresses, mappings);
      forwarder.awaitClose();
    } catch (IOException e) {
      throw CliException.error("unable to listen on any of the requested ports: " + e.getMessage());
    }
    return 0;
  }
}
