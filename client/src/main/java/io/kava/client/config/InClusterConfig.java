package io.kava.client.config;

import io.kava.client.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * client-go's rest.InClusterConfig: inside a pod, the API server is the {@code kubernetes} Service
 * ({@code KUBERNETES_SERVICE_HOST}:{@code KUBERNETES_SERVICE_PORT}, the variables the kubelet sets in
 * every container), its serving certificate is checked against the projected {@code ca.crt}, the
 * credential is the projected ServiceAccount {@code token} (a file the kubelet rotates: read it through
 * {@link io.kava.client.auth.BearerTokenFile}) and the default namespace is the pod's ({@code namespace}).
 *
 * @param config the server and CA (no credentials: the token goes with each call from the file)
 * @param tokenFile the ServiceAccount token file
 * @param namespace the pod's namespace, or empty when the file is missing
 */
public record InClusterConfig(ClientConfig config, Path tokenFile, Optional<String> namespace) {
  /** Where the kubelet projects the kube-api-access volume (upstream's path). */
  public static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
  public static final String HOST_VARIABLE = "KUBERNETES_SERVICE_HOST";
  public static final String PORT_VARIABLE = "KUBERNETES_SERVICE_PORT";

  /** Whether the environment looks like a pod's (both variables set), as client-go's deferred loader asks. */
  public static boolean possible(Map<String, String> env) {
    return !blank(env.get(HOST_VARIABLE)) && !blank(env.get(PORT_VARIABLE));
  }

  /**
   * The configuration from the environment and the ServiceAccount directory; KubeConfigException with
   * client-go's words when a variable or the token file is missing.
   */
  public static InClusterConfig load(Map<String, String> env, Path dir) {
    if (!possible(env)) {
      throw new KubeConfigException("unable to load in-cluster configuration, " + HOST_VARIABLE + " and "
          + PORT_VARIABLE + " must be defined");
    }
    Path token = dir.resolve("token");
    if (!Files.isRegularFile(token)) {
      throw new KubeConfigException("open " + token + ": no such file or directory");
    }
    Path ca = dir.resolve("ca.crt");
    List<java.security.cert.X509Certificate> cas;
    try {
      // client-go logs and goes on without the CA (the JVM's CAs then); the pod's volume always has one.
      cas = Files.isRegularFile(ca) ? Pem.readCertificates(ca) : List.of();
    } catch (RuntimeException e) {
      throw new KubeConfigException("expected to load root CA config from " + ca + ", but got err: " + e.getMessage());
    }
    String host = env.get(HOST_VARIABLE).strip();
    String server = (host.contains(":") ? "[" + host + "]" : host) + ":" + env.get(PORT_VARIABLE).strip();
    Optional<String> namespace = Optional.empty();
    try {
      Path file = dir.resolve("namespace");
      if (Files.isRegularFile(file)) {
        namespace = Optional.of(Files.readString(file).strip()).filter(n -> !n.isEmpty());
      }
    } catch (java.io.IOException e) {
      // As client-go's Namespace(): without a readable file the namespace is "default".
    }
    return new InClusterConfig(new ClientConfig(server, true, cas, null, null), token, namespace);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
