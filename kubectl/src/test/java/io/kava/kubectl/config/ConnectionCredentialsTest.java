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
}
