package io.kava.kubectl;

import com.google.protobuf.Message;
import io.kava.client.KavaClient;
import io.kava.client.Kind;
import io.kava.client.ResourceClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;

/**
 * One kavactl invocation: the resolved server and namespace, the output streams, and a connection opened
 * on first use (so `--help` and argument errors never touch the network).
 */
public final class Session implements AutoCloseable {
  public static final String DEFAULT_NAMESPACE = "default";

  private final Env env;
  private final String server;
  private final String namespaceFlag;
  private final String namespace;
  private final io.kava.client.config.ClientConfig credentials;
  /** In a pod: the ServiceAccount token file, sent unless --token is given. */
  private final java.nio.file.Path tokenFile;
  private KavaClient connection;
  private KavaClient client;
  private java.util.List<io.grpc.ClientInterceptor> callCredentials = java.util.List.of();

  public Session(Env env, String serverFlag, String namespaceFlag) {
    this(env, io.kava.kubectl.config.Connection.resolve(env, serverFlag, namespaceFlag, null, null));
  }

  /** With the server and namespace resolved from flags, environment and config file. */
  public Session(Env env, io.kava.kubectl.config.Connection connection) {
    this.env = env;
    this.server = connection.server();
    this.namespace = connection.namespace();
    this.namespaceFlag = connection.namespaceFromFlag() ? connection.namespace() : null;
    this.credentials = connection.credentials();
    this.tokenFile = connection.tokenFile();
  }

  public String server() {
    return server;
  }

  /** The kubeconfig's resolved connection (its CAs, credentials), empty without a kubeconfig. */
  public java.util.Optional<io.kava.client.config.ClientConfig> clientConfig() {
    return java.util.Optional.ofNullable(credentials);
  }

  /** The namespace of -n, else the context's, else "default". */
  public String namespace() {
    return namespace;
  }

  /** Whether the user named a namespace with -n (a manifest's own namespace must then agree). */
  public boolean namespaceExplicit() {
    return namespaceFlag != null;
  }

  public synchronized KavaClient client() {
    if (client == null) {
      connection = credentials != null && env.connector() == Env.SYSTEM_CONNECTOR
          ? KavaClient.connect(credentials.withServer(server))
          : env.connector().apply(server);
      // The server's warnings (PodSecurity's warn mode) go to stderr, as kubectl's.
      java.util.List<io.grpc.ClientInterceptor> interceptors = new java.util.ArrayList<>(callCredentials);
      if (tokenFile != null && interceptors.stream().noneMatch(io.kava.client.auth.BearerToken.class::isInstance)) {
        interceptors.add(0, new io.kava.client.auth.BearerToken(new io.kava.client.auth.BearerTokenFile(tokenFile)));
      }
      interceptors.add(new io.kava.client.WarningPrinter(env.err()));
      client = connection.withInterceptors(interceptors.toArray(io.grpc.ClientInterceptor[]::new));
    }
    return client;
  }

  /** Sends these with every call (--token, --as, --as-group); set before the first call. */
  public synchronized Session withCredentials(java.util.List<io.grpc.ClientInterceptor> interceptors) {
    this.callCredentials = java.util.List.copyOf(interceptors);
    return this;
  }

  public ResourceClient<Message> resource(Kind kind) {
    return client().resource(kind);
  }

  public PrintStream out() {
    return env.out();
  }

  public PrintStream err() {
    return env.err();
  }

  public InputStream in() {
    return env.in();
  }

  public Env env() {
    return env;
  }

  /** An environment variable of this invocation's environment, or null (env files' bare KEY lines). */
  public java.util.function.UnaryOperator<String> envLookup() {
    return name -> env.variables().get(name);
  }

  public Clock clock() {
    return env.clock();
  }

  /** The one line a server error gives the user. */
  public String describe(io.kava.client.ApiException e, Kind kind, String name) {
    return ServerErrors.line(e, server, kind, name);
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
      connection = null;
      client = null;
    }
  }
}
