package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.proxy.sysctl.BridgeHairpin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bridge hairpin mode and config validation. */
class HostSettingsTest {
  @TempDir
  Path sys;

  @Test
  void hairpinModeIsTurnedOnForEveryPortOfTheBridgeOnly() throws IOException {
    Path veth1 = Files.createDirectories(sys.resolve("docker0/brif/veth1"));
    Path veth2 = Files.createDirectories(sys.resolve("docker0/brif/veth2"));
    Path other = Files.createDirectories(sys.resolve("br-other/brif/veth3"));
    for (Path p : new Path[] {veth1, veth2, other}) {
      Files.writeString(p.resolve("hairpin_mode"), "0\n");
    }

    new BridgeHairpin(sys, "docker0").ensure();
    new BridgeHairpin(sys, "missing0").ensure(); // no such bridge: nothing to do, no failure

    assertThat(Files.readString(veth1.resolve("hairpin_mode")).trim()).isEqualTo("1");
    assertThat(Files.readString(veth2.resolve("hairpin_mode")).trim()).isEqualTo("1");
    assertThat(Files.readString(other.resolve("hairpin_mode")).trim()).isEqualTo("0");
  }

  @Test
  void configRefusesBadRangesAndTagsNamingTheFlag() {
    assertThatThrownBy(() -> config("KAVA", "10.96.0.0", "172.17.0.0/16"))
        .hasMessageContaining("--service-cluster-ip-range").hasMessageContaining("10.96.0.0");
    assertThatThrownBy(() -> config("KAVA", "10.96.0.0/16", "300.1.0.0/16")).hasMessageContaining("--cluster-cidr");
    assertThatThrownBy(() -> config("TOO-LONG", "10.96.0.0/16", "")).hasMessageContaining("cluster tag");
    assertThat(config("KV6443", "10.96.0.0/16", "").chainNames().services()).isEqualTo("KV6443-SERVICES");
  }

  private static KubeProxyConfig config(String tag, String serviceCidr, String clusterCidr) {
    return new KubeProxyConfig("127.0.0.1:6443", tag, serviceCidr, clusterCidr, Duration.ofMillis(100),
        Duration.ofSeconds(30), true, Path.of("/run/kava"), "docker0");
  }
}
