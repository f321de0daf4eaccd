package io.kava.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HermeticDockerEngineTest {
  @TempDir
  Path dir;

  @Test
  void theConfiguredImageWinsWithoutAskingDocker() {
    String before = System.getProperty(HermeticDockerEngine.IMAGE_PROPERTY);
    System.setProperty(HermeticDockerEngine.IMAGE_PROPERTY, "my/dind:1");
    try {
      assertThat(HermeticDockerEngine.image()).isEqualTo("my/dind:1");
    } finally {
      if (before == null) {
        System.clearProperty(HermeticDockerEngine.IMAGE_PROPERTY);
      } else {
        System.setProperty(HermeticDockerEngine.IMAGE_PROPERTY, before);
      }
    }
  }

  @Test
  void onlyTheBaseRepositorysTagNamesAnImageToStart() {
    // A kava/kava build that failed part way leaves an untagged image with the base's label.
    assertThat(HermeticDockerEngine.baseTag(new String[] {"<none>:<none>"})).isEmpty();
    assertThat(HermeticDockerEngine.baseTag(null)).isEmpty();
    assertThat(HermeticDockerEngine.baseTag(new String[] {"kava/kava:latest"})).isEmpty();
    assertThat(HermeticDockerEngine.baseTag(new String[] {"mine:1", "kava/kava-base:88e457583799"}))
        .contains("kava/kava-base:88e457583799");
  }

  @Test
  void theBaseScriptIsFoundInAFolderAbove() throws Exception {
    Path script = dir.resolve("deploy/images/kava/base.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/bash\n");
    Path below = Files.createDirectories(dir.resolve("kubelet/target"));
    assertThat(HermeticDockerEngine.findUp(below.toFile(), "deploy/images/kava/base.sh"))
        .isEqualTo(script.toFile());
  }

  @Test
  void withoutAScriptTheErrorSaysHowToNameAnImage() {
    File empty = dir.toFile();
    assertThatThrownBy(() -> HermeticDockerEngine.findUp(empty, "no/such/base-" + System.nanoTime() + ".sh"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("io.kava.image=kava-base")
        .hasMessageContaining("-Dkava.hermetic.image=");
  }

  @Test
  void theStartScriptServesTheApiOnTheSharedFolder() throws Exception {
    try (InputStream in = HermeticDockerEngine.class.getResourceAsStream("hermetic-dockerd.sh")) {
      assertThat(in).isNotNull();
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(script).contains("-H unix://" + HermeticDockerEngine.SOCKET_DIR + "/docker.sock")
          .contains("mount -o remount,bind,rw");
    }
  }
}
