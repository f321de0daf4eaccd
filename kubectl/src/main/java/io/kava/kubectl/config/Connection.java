package io.kava.kubectl.config;

import io.kava.client.config.ClientConfig;
import io.kava.client.config.InClusterConfig;
import io.kava.client.config.KubeConfigException;
import io.kava.client.config.KubeConfigLoader;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Env;
import io.kava.kubectl.ServerAddress;
import io.kava.kubectl.Session;
import io.kava.kubectl.config.KubeConfig.Context;

/**
 * Which server and namespace one invocation uses, with kubectl's precedence: the server from --server,
 * else env KAVA_API_SERVER (unless --context or --kubeconfig names the config to use), else the cluster
 * of the context (--context, else the file's current-context), else a legacy file's `server:` line, else
 * 127.0.0.1:6443. The namespace comes from -n, else the context's, else "default"; an address from
 * KAVA_API_SERVER alone reads no file (it names another cluster than the context's). The server string
 * is opaque (it may be a comma-separated list of addresses) and passes through.
 *
 * <p>Inside a pod (kubectl's in-cluster fallback, client-go's rest.InClusterConfig): with no --server,
 * no KAVA_API_SERVER and no kubeconfig found (no file, or one without contexts), and
 * KUBERNETES_SERVICE_HOST/PORT set, the server is the kubernetes Service, the CA the pod's ca.crt, the
 * credential its ServiceAccount token file ({@code tokenFile}, read again when it changes) and the
 * default namespace the pod's.
 */
public record Connection(String server, String namespace, boolean namespaceFromFlag, String contextName,
    ClientConfig credentials, java.nio.file.Path tokenFile) {
  public Connection(String server, String namespace, boolean namespaceFromFlag, String contextName) {
    this(server, namespace, namespaceFromFlag, contextName, null, null);
  }

  public Connection(String server, String namespace, boolean namespaceFromFlag, String contextName,
      ClientConfig credentials) {
    this(server, namespace, namespaceFromFlag, contextName, credentials, null);
  }

  public static Connection resolve(Env env, String serverFlag, String namespaceFlag, String kubeconfigFlag,
      String contextFlag) {
    return resolve(env, serverFlag, namespaceFlag, kubeconfigFlag, contextFlag, InClusterConfig.SERVICE_ACCOUNT_DIR);
  }

  /** The same, with the ServiceAccount directory a pod has at /var/run/secrets/kubernetes.io/serviceaccount. */
  static Connection resolve(Env env, String serverFlag, String namespaceFlag, String kubeconfigFlag,
      String contextFlag, java.nio.file.Path serviceAccountDir) {
    String namespace = blankToNull(namespaceFlag);
    String server = blankToNull(serverFlag);
    String fromEnv = env.variable("KAVA_API_SERVER");
    boolean explicitFile = blankToNull(contextFlag) != null || blankToNull(kubeconfigFlag) != null;
    if (server == null && fromEnv != null && !explicitFile) {
      return new Connection(ServerAddress.normalize(fromEnv), namespace != null ? namespace : Session.DEFAULT_NAMESPACE,
          namespace != null, null);
    }
    java.nio.file.Path file = KubeConfigFile.locate(kubeconfigFlag, env);
    KubeConfig config = KubeConfigFile.read(file);
    if (server == null && !explicitFile && config.tree().path("contexts").isEmpty() && config.legacyServer() == null
        && InClusterConfig.possible(env.variables())) {
      return inCluster(env, namespace, serviceAccountDir);
    }
    String contextName = blankToNull(contextFlag) != null ? contextFlag.strip() : blankToNull(config.currentContext());
    Context context = contextName == null ? null : config.context(contextName).orElse(null);
    if (context == null && blankToNull(contextFlag) != null) {
      throw CliException.error("context was not found for specified context: " + contextName);
    }
    if (server == null && context != null) {
      server = config.server(context.cluster()).orElse(null);
    }
    if (server == null) {
      server = fromEnv != null ? fromEnv : config.legacyServer();
    }
    if (namespace == null && context != null && !context.namespace().isEmpty()) {
      namespace = context.namespace();
    }
    return new Connection(ServerAddress.normalize(server != null ? server : ServerAddress.DEFAULT),
        namespace != null ? namespace : Session.DEFAULT_NAMESPACE, blankToNull(namespaceFlag) != null,
        context != null ? contextName : null, context != null ? credentials(file, contextName) : null);
  }

  private static Connection inCluster(Env env, String namespaceFlag, java.nio.file.Path dir) {
    InClusterConfig in;
    try {
      in = InClusterConfig.load(env.variables(), dir);
    } catch (KubeConfigException | io.kava.client.pki.PkiException e) {
      throw CliException.error(e.getMessage());
    }
    String namespace = namespaceFlag != null ? namespaceFlag : in.namespace().orElse(Session.DEFAULT_NAMESPACE);
    return new Connection(in.config().server(), namespace, namespaceFlag != null, null, in.config(), in.tokenFile());
  }

  /** The context's TLS settings and user credentials, or null when it has none (plaintext, anonymous). */
  private static ClientConfig credentials(java.nio.file.Path file, String contextName) {
    try {
      ClientConfig c = KubeConfigLoader.load(file, contextName);
      return c.tls() || c.clientCertificate() != null || c.bearerToken() != null ? c : null;
    } catch (KubeConfigException | io.kava.client.pki.PkiException e) {
      throw CliException.error("error loading config file \"" + file + "\": " + e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
