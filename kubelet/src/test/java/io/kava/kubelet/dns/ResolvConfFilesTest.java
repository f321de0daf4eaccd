package io.kava.kubelet.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Pod;
import io.kava.kubelet.testing.TestPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvConfFilesTest {
  @TempDir
  Path dir;

  private final Pod pod = TestPods.pod("web", "node-a", TestPods.container("app"));

  private ResolvConfFiles files(String hostFile) {
    return new ResolvConfFiles(new PodResolvConf.Settings(List.of("10.96.0.10"), "cluster.local"), hostFile,
        uid -> dir.resolve("pods").resolve(uid));
  }

  @Test
  void writesOncePerChangeAndInPlaceSoBindMountsSeeTheNewText() throws Exception {
    Path host = Files.writeString(dir.resolve("host.conf"), "nameserver 10.255.255.53\nsearch a.example\n");
    ResolvConfFiles files = files(host.toString());

    ResolvConfFiles.Written first = files.write(pod);
    assertThat(first.changed()).isTrue();
    assertThat(first.file()).isEqualTo(dir.resolve("pods").resolve(pod.getMetadata().getUid()).resolve("resolv.conf"))
        .hasContent("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local a.example\n"
            + "options ndots:5");
    Object inode = Files.getAttribute(first.file(), "unix:ino");
    assertThat(files.write(pod).changed()).isFalse();

    Files.writeString(host, "nameserver 10.255.255.53\nsearch b.example\n");
    ResolvConfFiles.Written again = files.write(pod);
    assertThat(again.changed()).isTrue();
    assertThat(again.file()).content().contains("cluster.local b.example");
    assertThat(Files.getAttribute(again.file(), "unix:ino")).isEqualTo(inode);
  }

  @Test
  void withoutAHostFileClusterFirstStillWorks() throws Exception {
    assertThat(files("").write(pod).file()).content().startsWith("nameserver 10.96.0.10\n");
  }

  @Test
  void aMissingHostFileIsAnError() {
    assertThatThrownBy(() -> files(dir.resolve("absent.conf").toString()).write(pod))
        .isInstanceOf(java.io.IOException.class);
  }
}
