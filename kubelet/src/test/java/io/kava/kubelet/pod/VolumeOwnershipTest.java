package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsGroup on a volume's files, as upstream's SetVolumeOwnership (the kubelet runs as root, so do these tests). */
class VolumeOwnershipTest {
  @TempDir
  Path dir;

  private static int gid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  void aWritableVolumeGetsTheGroupGroupWriteAndSetgidDirectories() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("data"));
    Path file = Files.writeString(sub.resolve("f"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
    VolumeOwnership.apply(dir, 2345, false);
    assertThat(gid(dir)).isEqualTo(2345);
    assertThat(gid(sub)).isEqualTo(2345);
    assertThat(gid(file)).isEqualTo(2345);
    assertThat(mode(file)).isEqualTo(0660);
    assertThat(mode(sub)).isEqualTo(02770);
    // Idempotent: a second pass changes nothing.
    VolumeOwnership.apply(dir, 2345, false);
    assertThat(mode(sub)).isEqualTo(02770);
  }

  @Test
  void aReadOnlyVolumeGetsGroupReadOnly() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), "secret");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    VolumeOwnership.apply(dir, 2345, true);
    assertThat(mode(file)).isEqualTo(0640);
    assertThat(gid(file)).isEqualTo(2345);
  }
}
