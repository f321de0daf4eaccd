package io.kava.kubectl.cli;

import io.kava.api.core.v1.Pod;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.streams.Copier;
import io.kava.kubectl.streams.PodTargets;
import io.kava.kubectl.streams.StdioSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cp", mixinStandardHelpOptions = true,
    description = "Copy files and directories to and from containers (needs tar in the container): cp POD:PATH LOCAL, cp LOCAL POD:PATH")
final class CpCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(index = "0", paramLabel = "SRC")
  String source;

  @Parameters(index = "1", paramLabel = "DEST")
  String destination;

  @Option(names = {"-c", "--container"}, description = "Container name; default: the annotated default, else the first")
  String container;

  /** POD:PATH or NAMESPACE/POD:PATH; null for a local path. */
  record Remote(String namespace, String pod, String path) {
    static Remote parse(String text) {
      int colon = text.indexOf(':');
      if (colon <= 0 || text.startsWith("/") || text.startsWith(".")) {
        return null;
      }
      String pod = text.substring(0, colon);
      String path = text.substring(colon + 1);
      int slash = pod.indexOf('/');
      return slash < 0 ? new Remote(null, pod, path) : new Remote(pod.substring(0, slash), pod.substring(slash + 1), path);
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Remote from = Remote.parse(source);
    Remote to = Remote.parse(destination);
    if ((from == null) == (to == null)) {
      throw CliException.error(from == null ? "one of src or dest must be a remote file specification"
          : "one of src or dest must be a local file specification");
    }
    Remote remote = from != null ? from : to;
    if (remote.path().isEmpty()) {
      throw CliException.error("remote path cannot be empty");
    }
    try (Session own = remote.namespace() == null ? null : new Session(root.env(), root.server, remote.namespace())) {
      return copy(own != null ? own : root.session(), from, to, remote);
    }
  }

  private int copy(Session session, Remote from, Remote to, Remote remote) throws IOException, InterruptedException {
    Pod pod = new PodTargets(session).pod(remote.pod());
    String c = PodTargets.container(pod, container, session.err());
    Copier copier = new Copier(session.client().channel());
    if (from != null) {
      copier.fromPod(StdioSession.ref(pod), c, from.path(), Path.of(destination));
    } else {
      copier.toPod(Path.of(source), StdioSession.ref(pod), c, to.path());
    }
    return 0;
  }
}
