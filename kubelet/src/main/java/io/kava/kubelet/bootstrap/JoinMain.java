package io.kava.kubelet.bootstrap;

import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.AuthenticationClient;
import io.kava.client.bootstrap.JoinToken;
import io.kava.client.config.ClientConfig;
import io.kava.client.config.KubeConfigWriter;
import io.kava.client.pki.ClusterCertificates;
import io.kava.client.pki.Pem;
import io.kava.client.pki.PrivateFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The agent's join step (deploy/install.sh agent runs it before the kubelet): checks the server's CA
 * against the join token's hash before anything is sent, checks the bootstrap token with one
 * authenticated call, and writes DIR/ca.crt and DIR/bootstrap.kubeconfig for the kubelet's
 * --bootstrap-kubeconfig. Does nothing when DIR/kubelet.kubeconfig already holds a valid certificate.
 */
@Command(name = "kava-join", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Checks a join token against a Kava API server and writes the kubelet's bootstrap kubeconfig.")
public final class JoinMain implements Callable<Integer> {
  public static final String CA_FILE = "ca.crt";
  public static final String BOOTSTRAP_KUBECONFIG = "bootstrap.kubeconfig";
  public static final String KUBELET_KUBECONFIG = "kubelet.kubeconfig";

  @Option(names = "--server", required = true, paramLabel = "https://HOST:PORT", description = "The API server")
  String server;

  @Option(names = "--token", required = true, paramLabel = "K10<hash>::<id>.<secret>",
      description = "The join token (`kavactl token create`)")
  String token;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where ca.crt and bootstrap.kubeconfig are written (kubelet.kubeconfig is looked for here)")
  Path out;

  @Option(names = "--timeout", defaultValue = "10s", converter = io.kava.client.flags.DurationConverter.class,
      description = "Connect and call timeout")
  java.time.Duration timeout;

  private final PrintStream stdout;
  private final PrintStream stderr;

  public JoinMain() {
    this(System.out, System.err);
  }

  JoinMain(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    try {
      join();
      return 0;
    } catch (JoinException e) {
      stderr.println("Error: " + e.getMessage());
      return 1;
    }
  }

  private void join() {
    Path kubeletKubeconfig = out.resolve(KUBELET_KUBECONFIG);
    Optional<java.time.Instant> valid = KubeletBootstrap.validUntil(kubeletKubeconfig, Clock.systemUTC());
    if (valid.isPresent()) {
      stdout.println(kubeletKubeconfig + " already holds a valid client certificate (until " + valid.get()
          + "): this host has joined, nothing to do");
      return;
    }
    JoinToken join;
    try {
      join = JoinToken.parse(token);
    } catch (IllegalArgumentException e) {
      throw new JoinException("--token: " + e.getMessage());
    }
    URI uri = serverUri(server);
    String hostPort = uri.getHost() + ":" + uri.getPort();
    List<X509Certificate> chain;
    try {
      chain = ServedChain.fetch(uri.getHost(), uri.getPort(), (int) timeout.toMillis());
    } catch (IOException e) {
      throw new JoinException("could not reach " + server + " over TLS: " + e.getMessage());
    }
    X509Certificate ca;
    try {
      ca = CaPin.verify(chain, join.caHash());
    } catch (IllegalStateException e) {
      throw new JoinException(e.getMessage() + " (nothing was sent to " + server + ")");
    }
    stdout.println("Checked the server's CA: sha256:" + join.caHash() + " matches the token");
    // Only now, with the CA pinned and verified as TLS normally does, is the token sent.
    ClientConfig config = new ClientConfig(hostPort, true, List.of(ca), null, join.token().toString());
    String user;
    try (KavaClient client = KavaClient.connect(config)) {
      user = new AuthenticationClient(client.withDeadline(timeout)).whoAmI().getStatus().getUserInfo().getUsername();
    } catch (ApiException e) {
      throw new JoinException("the server refused the token: " + e.getMessage());
    }
    stdout.println("Authenticated as " + user);
    PrivateFiles.writePublic(out.resolve(CA_FILE), Pem.encode(ca));
    PrivateFiles.write(out.resolve(BOOTSTRAP_KUBECONFIG), KubeConfigWriter.token(ClusterCertificates.CLUSTER_NAME,
        hostPort, ca, user, join.token().toString()));
    stdout.println("Wrote " + out.resolve(CA_FILE) + " and " + out.resolve(BOOTSTRAP_KUBECONFIG));
  }

  static URI serverUri(String server) {
    try {
      URI uri = new URI(server.strip());
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
        throw new JoinException("--server: expected https://HOST:PORT, got \"" + server + "\"");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new JoinException("--server: expected https://HOST:PORT, got \"" + server + "\"");
    }
  }

  static final class JoinException extends RuntimeException {
    JoinException(String message) {
      super(message);
    }
  }

  public static int run(PrintStream stdout, PrintStream stderr, String... args) {
    return new CommandLine(new JoinMain(stdout, stderr)).execute(args);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new JoinMain()).execute(args));
  }
}
