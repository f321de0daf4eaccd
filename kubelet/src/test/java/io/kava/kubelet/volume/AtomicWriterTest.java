package io.kava.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.kubelet.volume.AtomicWriter.FileProjection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout upstream's AtomicWriter leaves: files in a timestamped directory, ..data and the visible links through it. */
class AtomicWriterTest {
  @TempDir
  Path dir;

  private static FileProjection file(String text, int mode) {
    return new FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
  }

  private List<String> entries() throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Path dataDir() throws Exception {
    return dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));
  }

  @Test
  void writesTheFilesIntoATimestampedDirectoryBehindDataAndLinksEachTopLevelPath() throws Exception {
    boolean written = new AtomicWriter(dir).write(Map.of("mode", file("fast", 0644), "conf/app.yaml", file("a: 1", 0400)));

    assertThat(written).isTrue();
    Path data = dataDir();
    assertThat(data.getFileName().toString()).matches("\\.\\.\\d{4}_\\d\\d_\\d\\d_\\d\\d_\\d\\d_\\d\\d\\..+");
    assertThat(entries()).containsExactlyInAnyOrder("..data", data.getFileName().toString(), "conf", "mode");
    assertThat(Files.readSymbolicLink(dir.resolve("mode"))).isEqualTo(Path.of("..data/mode"));
    assertThat(Files.readSymbolicLink(dir.resolve("conf"))).isEqualTo(Path.of("..data/conf"));
    assertThat(dir.resolve("mode")).hasContent("fast");
    assertThat(dir.resolve("conf/app.yaml")).hasContent("a: 1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("conf/app.yaml"))))
        .isEqualTo("r--------");
  }

  @Test
  void theSamePayloadAgainWritesNothing() throws Exception {
    AtomicWriter writer = new AtomicWriter(dir);
    writer.write(Map.of("mode", file("fast", 0644)));
    Path first = dataDir();

    assertThat(writer.write(Map.of("mode", file("fast", 0644)))).isFalse();

    assertThat(dataDir()).isEqualTo(first);
  }

  @Test
  void aNewPayloadSwitchesDataRemovesTheOldDirectoryAndPathsNoLongerThere() throws Exception {
    AtomicWriter writer = new AtomicWriter(dir);
    writer.write(Map.of("mode", file("fast", 0644), "level", file("3", 0644)));
    Path first = dataDir();

    assertThat(writer.write(Map.of("mode", file("slow", 0644)))).isTrue();

    assertThat(dataDir()).isNotEqualTo(first);
    assertThat(first).doesNotExist();
    assertThat(dir.resolve("mode")).hasContent("slow");
    assertThat(entries()).containsExactlyInAnyOrder("..data", dataDir().getFileName().toString(), "mode");
  }

  @Test
  void anEmptyPayloadLeavesOnlyTheWritersOwnEntries() throws Exception {
    AtomicWriter writer = new AtomicWriter(dir);
    writer.write(Map.of("mode", file("fast", 0644)));

    writer.write(Map.of());

    assertThat(entries()).allMatch(name -> name.startsWith(".."));
  }

  @Test
  void filesOfAnOlderLayoutGiveWayToTheLinks() throws Exception {
    Files.writeString(dir.resolve("mode"), "old");
    Files.writeString(dir.resolve("gone"), "old");

    new AtomicWriter(dir).write(Map.of("mode", file("new", 0644)));

    assertThat(Files.isSymbolicLink(dir.resolve("mode"))).isTrue();
    assertThat(dir.resolve("mode")).hasContent("new");
    assertThat(dir.resolve("gone")).doesNotExist();
  }

  @Test
  void refusesPathsThatLeaveTheVolumeOrUseTheWritersNames() {
    AtomicWriter writer = new AtomicWriter(dir);
    for (String bad : List.of("/etc/passwd", "../x", "a/../../x", "..data")) {
      assertThatThrownBy(() -> writer.write(Map.of(bad, file("x", 0644))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
    assertThat(dir).isEmptyDirectory();
  }
}
