package io.kava.kubectl.cli;

import io.kava.kubectl.Env;
import io.kava.kubectl.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** `kavactl`: the global options, shared by every subcommand wherever they are written on the line. */
@Command(name = "kavactl", mixinStandardHelpOptions = true, version = "kavactl 0.1.0",
    description = "Controls the Kava cluster manager, the way kubectl controls Kubernetes.",
    subcommands = {ApplyCommand.class, GetCommand.class, DescribeCommand.class, DeleteCommand.class,
        CreateCommand.class, ExposeCommand.class,
        // streams from containers, through the API server
        LogsCommand.class, ExecCommand.class, AttachCommand.class, PortForwardCommand.class, CpCommand.class})
public final class RootCommand implements Runnable, AutoCloseable {
  @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
      description = "API server address (else env KAVA_API_SERVER, else `server:` in $KAVA_CONFIG or ~/.kava/config, "
          + "else 127.0.0.1:6443)")
  String server;

  @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE",
      description = "The namespace of this request (default: default)")
  String namespace;

  @Spec
  CommandSpec spec;

  private final Env env;
  private Session session;

  public RootCommand(Env env) {
    this.env = env;
  }

  /** The session of this invocation, created when a command first needs it. */
  public synchronized Session session() {
    if (session == null) {
      session = new Session(env, server, namespace);
    }
    return session;
  }

  public Env env() {
    return env;
  }

  /** The server the session uses (or would use), for error lines written before a session exists. */
  public String serverForErrors() {
    return session != null ? session.server() : io.kava.kubectl.ServerAddress.resolve(server, env);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close();
    }
  }
}
