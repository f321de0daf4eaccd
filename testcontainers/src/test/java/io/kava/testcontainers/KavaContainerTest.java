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
  void theDefaultImageIsThisBuildsVersion() {
    assertThat(KavaImage.DEFAULT).matches("kava/kava:\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }
}
