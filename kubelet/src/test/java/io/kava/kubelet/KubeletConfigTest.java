package io.kava.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each {@code with...} changes its own field and no other (undoing it gives back an equal config). */
class KubeletConfigTest {
  private final KubeletConfig config = KubeletConfig.defaults("127.0.0.1:6443", "n1", "127.0.0.11");

  @Test
  void eachWitherChangesOnlyItsField() {
    assertThat(config.withRootDir(Path.of("/x")).rootDir()).isEqualTo(Path.of("/x"));
    assertThat(config.withRootDir(Path.of("/x")).withRootDir(config.rootDir())).isEqualTo(config);
    assertThat(config.withRegistryPulls(false).registryPulls()).isFalse();
    assertThat(config.withRegistryPulls(false).withRegistryPulls(true)).isEqualTo(config);
    KubeletConfig dns = config.withClusterDns(List.of("10.0.0.10"), "example.local");
    assertThat(dns.clusterDns()).containsExactly("10.0.0.10");
    assertThat(dns.clusterDomain()).isEqualTo("example.local");
    assertThat(dns.withClusterDns(config.clusterDns(), config.clusterDomain())).isEqualTo(config);
    assertThat(config.withPodPidsLimit(4096).podPidsLimit()).isEqualTo(4096);
    assertThat(config.withPodPidsLimit(4096).withPodPidsLimit(config.podPidsLimit())).isEqualTo(config);
    assertThat(config.withStreamingIdleTimeout(Duration.ofSeconds(3)).streamingIdleTimeout()).hasSeconds(3);
    assertThat(config.withStreamingIdleTimeout(Duration.ofSeconds(3)).withStreamingIdleTimeout(config.streamingIdleTimeout()))
        .isEqualTo(config);
    assertThat(config.withPort(10251).port()).isEqualTo(10251);
    assertThat(config.withPort(10251).withPort(config.port())).isEqualTo(config);
    assertThat(config.withStatsPeriod(Duration.ofSeconds(2)).statsPeriod()).hasSeconds(2);
    assertThat(config.withStatsPeriod(Duration.ofSeconds(2)).withStatsPeriod(config.statsPeriod())).isEqualTo(config);
    assertThat(config.withBackoffScale(0.1).backoffScale()).isEqualTo(0.1);
    assertThat(config.withBackoffScale(0.1).withBackoffScale(config.backoffScale())).isEqualTo(config);
    assertThat(config.withSyncPeriod(Duration.ofSeconds(1)).syncPeriod()).hasSeconds(1);
    assertThat(config.withSyncPeriod(Duration.ofSeconds(1)).withSyncPeriod(config.syncPeriod())).isEqualTo(config);
    assertThat(config.withNodeStatusPeriod(Duration.ofSeconds(4)).nodeStatusPeriod()).hasSeconds(4);
    assertThat(config.withNodeStatusPeriod(Duration.ofSeconds(4)).withNodeStatusPeriod(config.nodeStatusPeriod()))
        .isEqualTo(config);
  }
}
