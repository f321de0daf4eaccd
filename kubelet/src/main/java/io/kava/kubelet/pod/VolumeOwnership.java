package io.kava.kubelet.pod;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The pod's fsGroup applied to the volumes it owns (emptyDir, configMap, secret, claims), as upstream's
 * SetVolumeOwnership: every file and directory gets the group, group read (and write, for writable
 * volumes), and directories setgid so that new files inherit the group. hostPath volumes are the
 * node's and stay as they are. Runs at every sync (configMap and secret files are rewritten when their
 * object changes); a file that already fits is left alone.
 */
public final class VolumeOwnership {
  private VolumeOwnership() {}

  public static void apply(Pod pod, Map<String, Path> volumes) throws VolumeManager.VolumeError {
    if (!pod.getSpec().getSecurityContext().hasFsGroup()) {
      return;
    }
    int group = (int) pod.getSpec().getSecurityContext().getFsGroup();
    for (Volume v : pod.getSpec().getVolumesList()) {
      Path dir = volumes.get(v.getName());
      if (dir == null || v.hasHostPath()) {
        continue;
      }
      boolean readOnly = VolumePayloads.isApiData(v);
      try {
        apply(dir, group, readOnly);
      } catch (IOException | UnsupportedOperationException e) {
        throw new VolumeManager.VolumeError("MountVolume.SetUp failed for volume \"" + v.getName()
            + "\" : setting fsGroup " + group + ": " + e.getMessage());
      }
    }
  }

  static void apply(Path dir, int group, boolean readOnly) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes attrs = view.readAttributes();
        if (attrs.isSymbolicLink()) {
          continue;
        }
        Integer gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (gid != group) {
          Files.setAttribute(p, "unix:gid", group, LinkOption.NOFOLLOW_LINKS);
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        perms.addAll(attrs.permissions());
        perms.add(PosixFilePermission.OWNER_READ);
        perms.add(PosixFilePermission.GROUP_READ);
        if (!readOnly) {
          perms.add(PosixFilePermission.OWNER_WRITE);
          perms.add(PosixFilePermission.GROUP_WRITE);
        }
        if (attrs.isDirectory()) {
          perms.add(PosixFilePermission.OWNER_EXECUTE);
          perms.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (!perms.equals(attrs.permissions())) {
          view.setPermissions(perms);
        }
        if (attrs.isDirectory()) {
          setgid(p);
        }
      }
    }
  }

  /** Java's permission set has no setgid bit: the unix mode attribute does. */
  private static void setgid(Path dir) throws IOException {
    int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if ((mode & 02000) == 0) {
      Files.setAttribute(dir, "unix:mode", (mode & 07777) | 02000, LinkOption.NOFOLLOW_LINKS);
    }
  }
}
