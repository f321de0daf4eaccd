package io.kava.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniConfigTest {
  @TempDir
  Path dir;

  @Test
  void theNetworkListIsReadableByItsOwnerOnlyAsCis119AsksAlsoWhenWrittenAgain() throws Exception {
    Path confDir = dir.resolve("net.d");
    CniConfig.write(confDir, "10.244.3.0/24", dir.resolve("networks"));
    CniConfig.write(confDir, "10.244.4.0/24", dir.resolve("networks"));

    Path conf = confDir.resolve(CniConfig.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-------");
    assertThat(Files.readString(conf)).contains("10.244.4.0/24");
    try (var files = Files.list(confDir)) {
      assertThat(files).containsExactly(conf);
    }
  }
}
