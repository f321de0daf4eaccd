package io.kava.kubectl.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.client.pki.ClusterCertificates;
import io.kava.kubectl.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionCredentialsTest {
  @TempDir Path dir;

  private Env env(Map<String, String> variables) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    return new Env(variables, dir.resolve("home"), new ByteArrayInputStream(new byte[0]), sink, sink, Clock.systemUTC(), t -> null);
  }

  @Test
  void kubeconfigFromTheEnvironmentBringsItsServerCaAndClientCertificate() {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:7443", List.of());
    Connection c = Connection.resolve(env(Map.of("KUBECONFIG", dir.resolve("admin.kubeconfig").toString())), null, null, null, null);
    assertThat(c.server()).isEqualTo("127.0.0.1:7443");
    assertThat(c.credentials().tls()).isTrue();
    assertThat(c.credentials().clientCertificate().subject().commonName()).isEqualTo("kubernetes-admin");
  }

  @Test
  void homeKubeConfigIsReadWhenItExists() throws Exception {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:7444", List.of());
    Files.createDirectories(dir.resolve("home/.kube"));
    Files.copy(dir.resolve("admin.kubeconfig"), dir.resolve("home/.kube/config"));
    assertThat(Connection.resolve(env(Map.of()), null, null, null, null).server()).isEqualTo("127.0.0.1:7444");
  }

  @Test
  void aPlaintextConfigHasNoCredentials() throws Exception {
    Path config = dir.resolve("config");
    Files.writeString(config, """
        clusters: [{name: c, cluster: {server: "127.0.0.1:6443"}}]
        contexts: [{name: c, context: {cluster: c}}]
        current-context: c
        """);
    assertThat(Connection.resolve(env(Map.of()), null, null, config.toString(), null).credentials()).isNull();
  }

  @Test
  void inAPodWithoutAKubeconfigTheServiceAccountIsTheCredential() throws Exception {
    new ClusterCertificates(dir).ensure(List.of(), "10.96.0.0/16", "127.0.0.1:7445", List.of());
    Path sa = Files.createDirectories(dir.resolve("serviceaccount"));
    Files.copy(dir.resolve("pki/ca.crt"), sa.resolve("ca.crt"));
    Files.writeString(sa.resolve("token"), "a.b.c");
    Files.writeString(sa.resolve("namespace"), "team");
    Map<String, String> pod = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");
    Connection c = Connection.resolve(env(pod), null, null, null, null, sa);
    assertThat(c.server()).isEqualTo("10.96.0.1:443");
    assertThat(c.namespace()).isEqualTo("team");
    assertThat(c.credentials().tls()).isTrue();
    assertThat(c.tokenFile()).isEqualTo(sa.resolve("token"));
    assertThat(Connection.resolve(env(pod), null, "other", null, null, sa).namespace()).isEqualTo("other");
    // A server flag or a kubeconfig wins, as kubectl's loading rules.
    assertThat(Connection.resolve(env(pod), "127.0.0.1:9", null, null, null, sa).tokenFile()).isNull();
    Map<String, String> withConfig = new java.util.HashMap<>(pod);
    withConfig.put("KUBECONFIG", dir.resolve("admin.kubeconfig").toString());
    assertThat(Connection.resolve(env(withConfig), null, null, null, null, sa).server()).isEqualTo("127.0.0.1:7445");
  }
}
