package io.kava.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.client.config.KubeConfigLoader;
import org.junit.jupiter.api.Test;

class KavaContainerTest {
  private static final String INNER = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: kava
        cluster:
          server: https://127.0.0.1:6443
      contexts:
      - name: kubernetes-admin@kava
        context: {cluster: kava, user: kubernetes-admin}
      current-context: kubernetes-admin@kava
      users:
      - name: kubernetes-admin
        user: {}
      """;

  @Test
  void theHostsKubeconfigNamesTheMappedPort() {
    String host = KavaContainer.forServer(INNER, "localhost:32781");
    assertThat(host).contains("server: https://localhost:32781\n").doesNotContain("127.0.0.1:6443");
    assertThat(KubeConfigLoader.parse(host, null, null).server()).isEqualTo("localhost:32781");
  }

  @Test
  void aKubeconfigNamingAnotherServerIsRefusedRatherThanReturnedUnchanged() {
    assertThatThrownBy(() -> KavaContainer.forServer(INNER.replace("6443", "7443"), "localhost:1"))
        .isInstanceOf(KavaException.class).hasMessageContaining("does not name https://127.0.0.1:6443");
  }

  @Test
  void withNodesBelowOneIsRefusedNamingTheArgument() {
    KavaContainer kava = new KavaContainer(); // never started: no Docker needed
    assertThatThrownBy(() -> kava.withNodes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("nodes must be at least 1, got 0");
    assertThatThrownBy(() -> kava.withNodes(-2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("nodes must be at least 1, got -2");
    assertThat(kava.getNodes()).isEqualTo(1);
  }

  @Test
  void oneNodeByDefaultAndReadableDistinctNamesForMore() {
    KavaContainer kava = new KavaContainer();
    assertThat(kava.getNodes()).isEqualTo(1);
    assertThat(kava.getNodeNames()).containsExactly("kava-node-1");
    assertThat(kava.withNodes(3)).isSameAs(kava);
    assertThat(kava.getNodeNames()).containsExactly("kava-node-1", "kava-node-2", "kava-node-3");
    assertThat(kava.getAgents()).isEmpty(); // start() makes them
  }

  @Test
  void theJoinTokenIsFoundInKavactlsOutput() {
    String token = "K10" + "0123456789abcdef".repeat(4) + "::abc123.0123456789abcdef";
    assertThat(KavaContainer.joinToken(token + "\n")).isEqualTo(token);
    assertThat(KavaContainer.joinToken("warning: something\n" + token + "\n")).isEqualTo(token);
    assertThatThrownBy(() -> KavaContainer.joinToken("error: forbidden\n"))
        .isInstanceOf(KavaException.class).hasMessageContaining("printed no join token: error: forbidden");
  }

  @Test
  void theDefaultImageIsThisBuildsVersion() {
    assertThat(KavaImage.DEFAULT).matches("kava/kava:\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }
}
