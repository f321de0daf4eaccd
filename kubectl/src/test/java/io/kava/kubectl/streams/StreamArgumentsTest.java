package io.kava.kubectl.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsing and archive pieces of port-forward and cp, without a server. */
class StreamArgumentsTest {
  @Test
  void portMappingsReadAsKubectls() {
    assertThat(PortForwarder.Mapping.parse("8080:80")).isEqualTo(new PortForwarder.Mapping(8080, 80));
    assertThat(PortForwarder.Mapping.parse("80")).isEqualTo(new PortForwarder.Mapping(80, 80));
    assertThat(PortForwarder.Mapping.parse(":80")).isEqualTo(new PortForwarder.Mapping(0, 80));
    assertThatThrownBy(() -> PortForwarder.Mapping.parse("http")).hasMessage("invalid port format 'http'");
    assertThatThrownBy(() -> PortForwarder.Mapping.parse("1:2:3")).hasMessage("invalid port format '1:2:3'");
    assertThatThrownBy(() -> PortForwarder.Mapping.parse("8080:0")).hasMessage("invalid port format '8080:0'");
  }

  @Test
  void remotePathsSplitIntoFolderAndName() {
    assertThat(Copier.split("/tmp/a.txt")).containsExactly("/tmp", "a.txt");
    assertThat(Copier.split("/etc/")).containsExactly("/", "etc");
    assertThat(Copier.split("notes")).containsExactly(".", "notes");
    assertThatThrownBy(() -> Copier.split("/")).hasMessageContaining("must name a file or folder");
  }

  @Test
  void aFolderSurvivesTheArchiveByteForByte(@TempDir Path dir) throws Exception {
    Path source = Files.createDirectories(dir.resolve("src/deeper"));
    byte[] blob = new byte[70_000];
    new Random(7).nextBytes(blob);
    Files.write(source.resolve("blob.bin"), blob);
    Files.writeString(dir.resolve("src/" + "x".repeat(120) + ".txt"), "long name");
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    Tar.write(dir.resolve("src"), "copy", archive);
    Path target = dir.resolve("out");
    int files = Tar.read(new ByteArrayInputStream(archive.toByteArray()), "copy", target);
    assertThat(files).isEqualTo(2);
    assertThat(Files.readAllBytes(target.resolve("deeper/blob.bin"))).isEqualTo(blob);
    assertThat(Files.readString(target.resolve("x".repeat(120) + ".txt"), StandardCharsets.UTF_8)).isEqualTo("long name");
  }

  @Test
  void anEntryOutsideTheTargetIsRefused(@TempDir Path dir) throws Exception {
    Path evil = Files.writeString(dir.resolve("evil"), "x");
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    Tar.write(evil, "copy/../../evil", archive);
    assertThatThrownBy(() -> Tar.read(new ByteArrayInputStream(archive.toByteArray()), "copy", dir.resolve("out")))
        .hasMessageContaining("outside the target folder");
  }

  @Test
  void linesWithAPrefixAreWrittenWhole() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogStreams.LineWriter w = new LogStreams.LineWriter("[p] ", out);
    w.write("a\nb".getBytes(StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[p] a\n");
    w.write("c\n".getBytes(StandardCharsets.UTF_8));
    w.write("d".getBytes(StandardCharsets.UTF_8));
    w.finish();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[p] a\n[p] bc\n[p] d");
  }
}
