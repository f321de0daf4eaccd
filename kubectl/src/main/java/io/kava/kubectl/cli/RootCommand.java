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
        CordonCommand.class, UncordonCommand.class, DrainCommand.class,
        // reading and configuration (issue 8)
        ConfigCommand.class, WaitCommand.class, EventsCommand.class, ApiResourcesCommand.class,
        ApiVersionsCommand.class, CompletionCommand.class, CompletionCommand.Complete.class, ExplainCommand.class,
        VersionCommand.class,
        // editing objects (issue 8)
        LabelCommand.class, AnnotateCommand.class, PatchCommand.class, EditCommand.class, ReplaceCommand.class,
        DiffCommand.class,
        // rollouts and scaling (issue 8)
        RolloutCommand.class, ScaleCommand.class, SetCommand.class, RunCommand.class,
        // streams from containers, through the API server
        LogsCommand.class, ExecCommand.class, AttachCommand.class, PortForwardCommand.class, CpCommand.class,
        // metrics and autoscaling (issue 11)
        TopCommand.class, AutoscaleCommand.class,
        // certificate signing requests (issue 12)
        CertificateCommand.class,
        // authorization: can-i, whoami (issue 12)
        AuthCommand.class,
        // bootstrap tokens for joining hosts (issue 13)
        TokenCommand.class})
public final class RootCommand implements Runnable, AutoCloseable {
  @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
      description = "API server address (else env KAVA_API_SERVER, else the context's cluster in $KAVA_CONFIG or "
          + "~/.kava/config, else 127.0.0.1:6443)")
  String server;

  @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "The config file (else env KAVA_CONFIG, else ~/.kava/config)")
  String kubeconfig;

  @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "The context of the config file to use (else its current-context)")
  String context;

  @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE",
      description = "The namespace of this request (default: default)")
  String namespace;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "Bearer token for authentication to the API server")
  String token;

  @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "USER",
      description = "Username to impersonate for the operation")
  String as;

  @Option(names = "--as-group", scope = ScopeType.INHERIT, paramLabel = "GROUP",
      description = "Group to impersonate for the operation, this flag can be repeated to specify multiple groups")
  java.util.List<String> asGroups = new java.util.ArrayList<>();

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
      session = new Session(env, connection()).withCredentials(credentials());
    }
    return session;
  }

  /** --token and --as/--as-group as call interceptors. */
  java.util.List<io.grpc.ClientInterceptor> credentials() {
    java.util.List<io.grpc.ClientInterceptor> all = new java.util.ArrayList<>();
    if (token != null && !token.isBlank()) {
      all.add(new io.kava.client.auth.BearerToken(token));
    }
    if (as != null && !as.isBlank()) {
      all.add(new io.kava.client.auth.Impersonation(as, asGroups));
    } else if (!asGroups.isEmpty()) {
      throw io.kava.kubectl.CliException.error("requesting groups or user-extra for test without impersonating a user");
    }
    return all;
  }

  public Env env() {
    return env;
  }

  /** The server and namespace of this invocation, from flags, environment and config file. */
  public io.kava.kubectl.config.Connection connection() {
    return io.kava.kubectl.config.Connection.resolve(env, server, namespace, kubeconfig, context);
  }

  /** The config file this invocation reads and writes (--kubeconfig, KAVA_CONFIG, ~/.kava/config). */
  public java.nio.file.Path configFile() {
    return io.kava.kubectl.config.KubeConfigFile.locate(kubeconfig, env);
  }

  /** The --context flag, or null. */
  public String contextFlag() {
    return context;
  }

  /** The server the session uses (or would use), for error lines written before a session exists. */
  public String serverForErrors() {
    if (session != null) {
      return session.server();
    }
    try {
      return connection().server();
    } catch (RuntimeException e) {
      return io.kava.kubectl.ServerAddress.DEFAULT;
    }
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
