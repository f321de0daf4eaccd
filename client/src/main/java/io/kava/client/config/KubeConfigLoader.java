package io.kava.client.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Reads a kubeconfig file as kubectl does: the context (given, else current-context), its cluster's
 * server and certificate-authority(-data), its user's client-certificate(-data), client-key(-data) and
 * token. Relative file paths are relative to the kubeconfig's folder, as upstream resolves them. TLS
 * when the server is "https://host:port" or the cluster names a CA; plaintext otherwise ("http://",
 * or a bare "host:port" without a CA, as older Kava configs hold).
 */
public final class KubeConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KubeConfigLoader() {}

  /**
   * A component's connection from its --kubeconfig and --server flags: without a kubeconfig, plaintext
   * to the server; with one, its TLS and credentials, and its server unless --server (or env
   * KAVA_API_SERVER) names another than the default 127.0.0.1:6443, as upstream's --master overrides it.
   */
  public static ClientConfig component(Path kubeconfig, String server) {
    if (kubeconfig == null) {
      return ClientConfig.plaintext(server);
    }
    ClientConfig config = load(kubeconfig);
    boolean defaulted = server == null || server.isBlank()
        || (server.strip().equals(io.kava.client.KavaClient.DEFAULT_SERVER) && System.getenv("KAVA_API_SERVER") == null);
    return defaulted ? config : config.withServer(server.strip());
  }

  public static ClientConfig load(Path file) {
    return load(file, null);
  }

  public static ClientConfig load(Path file, String contextName) {
    try {
      return parse(Files.readString(file), file.toAbsolutePath().getParent(), contextName);
    } catch (IOException e) {
      throw new KubeConfigException("error loading config file \"" + file + "\": " + e.getMessage());
    }
  }

  public static ClientConfig parse(String yaml, Path baseDir, String contextName) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new KubeConfigException("the kubeconfig is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new KubeConfigException("the kubeconfig is not a mapping of keys to values");
    }
    String name = contextName != null && !contextName.isBlank() ? contextName : root.path("current-context").asText("");
    if (name.isEmpty()) {
      throw new KubeConfigException("the kubeconfig has no current-context");
    }
    JsonNode context = named(root, "contexts", name, "context");
    JsonNode cluster = named(root, "clusters", context.path("cluster").asText(""), "cluster");
    JsonNode user = context.path("user").asText("").isEmpty()
        ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : named(root, "users", context.path("user").asText(""), "user");

    String server = cluster.path("server").asText("").strip();
    if (server.isEmpty()) {
      throw new KubeConfigException("cluster \"" + context.path("cluster").asText() + "\" has no server");
    }
    List<X509Certificate> cas = pem(cluster, "certificate-authority", baseDir)
        .map(Pem::certificates).orElse(List.of());
    // A bare host:port without a CA is the plaintext kind older Kava configs hold.
    boolean tls = server.startsWith("https://") || !cas.isEmpty();
    IssuedCertificate clientCertificate = null;
    var certificate = pem(user, "client-certificate", baseDir);
    var key = pem(user, "client-key", baseDir);
    if (certificate.isPresent() != key.isPresent()) {
      throw new KubeConfigException("user \"" + context.path("user").asText() + "\" needs both client-certificate and client-key");
    }
    if (certificate.isPresent()) {
      X509Certificate cert = Pem.certificate(certificate.get());
      PrivateKey privateKey = Pem.privateKey(key.get());
      clientCertificate = new IssuedCertificate(cert, privateKey);
    }
    String token = user.path("token").asText("");
    return new ClientConfig(hostPorts(server), tls, cas, clientCertificate, token.isEmpty() ? null : token);
  }

  /** "https://h1:p1,https://h2:p2/" and "h1:p1,h2:p2" both mean the host:port list. */
  static String hostPorts(String servers) {
    StringBuilder out = new StringBuilder();
    for (String part : servers.split(",")) {
      String a = part.strip();
      int scheme = a.indexOf("://");
      if (scheme >= 0) {
        a = a.substring(scheme + 3);
      }
      while (a.endsWith("/")) {
        a = a.substring(0, a.length() - 1);
      }
      if (!a.isEmpty()) {
        out.append(out.isEmpty() ? "" : ",").append(a);
      }
    }
    return out.toString();
  }

  /** The PEM text of FIELD-data (base64) or of the file FIELD names. */
  private static java.util.Optional<String> pem(JsonNode section, String field, Path baseDir) {
    String data = section.path(field + "-data").asText("");
    if (!data.isEmpty()) {
      try {
        return java.util.Optional.of(new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new KubeConfigException(field + "-data is not base64");
      }
    }
    String file = section.path(field).asText("");
    if (file.isEmpty()) {
      return java.util.Optional.empty();
    }
    Path path = baseDir == null ? Path.of(file) : baseDir.resolve(file);
    try {
      return java.util.Optional.of(Files.readString(path));
    } catch (IOException e) {
      throw new KubeConfigException("unable to read " + field + " " + path + ": " + e.getMessage());
    }
  }

  private static JsonNode named(JsonNode root, String list, String name, String field) {
    for (JsonNode entry : root.path(list)) {
      if (entry.path("name").asText("").equals(name)) {
        return entry.path(field);
      }
    }
    String singular = list.substring(0, list.length() - 1);
    throw new KubeConfigException(singular + " \"" + name + "\" was not found in the kubeconfig");
  }
}
