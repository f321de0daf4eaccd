package io.kava.kubelet.pod;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.KeyToPath;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.client.ApiException;
import io.kava.kubelet.runtime.ContainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pod's volumes as directories on the node, bound into its containers: emptyDir (a directory the
 * pod's containers share, removed with the pod), hostPath, and configMap and secret (one file per key,
 * rewritten when the object changes). Each node has its own root (several kubelets share a machine):
 * &lt;root&gt;/pods/&lt;uid&gt;/volumes/&lt;name&gt;.
 */
public final class VolumeManager {
  private final Path root;
  private final ConfigLookup lookup;

  /** A volume that cannot be set up; the pod's containers wait (event FailedMount). */
  public static final class VolumeError extends Exception {
    public VolumeError(String message) {
      super(message);
    }
  }

  public VolumeManager(Path root, ConfigLookup lookup) {
    this.root = root;
    this.lookup = lookup;
  }

  public Path podDir(String uid) {
    return root.resolve("pods").resolve(uid);
  }

  /** Prepares every volume of the pod; returns the host path of each by name. */
  public Map<String, Path> setUp(Pod pod) throws VolumeError {
    Map<String, Path> paths = new LinkedHashMap<>();
    for (Volume v : pod.getSpec().getVolumesList()) {
      paths.put(v.getName(), setUp(pod, v));
    }
    return paths;
  }

  /** The binds of one container: each volumeMount at its mountPath (subPath inside the volume). */
  public List<ContainerConfig.Mount> mounts(Container c, Map<String, Path> volumes) throws VolumeError {
    List<ContainerConfig.Mount> mounts = new ArrayList<>();
    for (VolumeMount m : c.getVolumeMountsList()) {
      Path source = volumes.get(m.getName());
      if (source == null) {
        throw new VolumeError("container " + c.getName() + " mounts volume \"" + m.getName()
            + "\", which the pod does not define");
      }
      if (!m.getSubPath().isEmpty()) {
        Path sub = source.resolve(m.getSubPath()).normalize();
        if (!sub.startsWith(source)) {
          throw new VolumeError("subPath \"" + m.getSubPath() + "\" of volume \"" + m.getName() + "\" leaves the volume");
        }
        if (!Files.exists(sub)) {
          mkdirs(sub);
        }
        source = sub;
      }
      mounts.add(new ContainerConfig.Mount(source.toString(), m.getMountPath(), m.getReadOnly()));
    }
    return mounts;
  }

  /** Removes everything the pod had on disk (hostPath contents are the host's and stay). */
  public void tearDown(String uid) {
    deleteRecursively(podDir(uid));
  }

  /** The uids that have a directory here (orphan cleanup compares them with the API's pods). */
  public Set<String> podsOnDisk() {
    Set<String> uids = new HashSet<>();
    Path pods = root.resolve("pods");
    if (Files.isDirectory(pods)) {
      try (Stream<Path> list = Files.list(pods)) {
        list.forEach(p -> uids.add(p.getFileName().toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return uids;
  }

  private Path setUp(Pod pod, Volume v) throws VolumeError {
    Path dir = podDir(pod.getMetadata().getUid()).resolve("volumes").resolve(v.getName());
    String ns = pod.getMetadata().getNamespace();
    if (v.hasHostPath()) {
      return hostPath(v.getName(), v.getHostPath());
    }
    if (v.hasPersistentVolumeClaim()) {
      return ClaimVolumes.path(lookup, ns, v.getPersistentVolumeClaim().getClaimName());
    }
    mkdirs(dir);
    if (v.hasConfigMap()) {
      var source = v.getConfigMap();
      Optional<ConfigMap> cm = fetch(dir, () -> lookup.configMap(ns, source.getName()));
      if (cm == null) {
        return dir; // the API server is away: keep what was written before
      }
      if (cm.isEmpty()) {
        if (source.getOptional()) {
          return dir;
        }
        throw new VolumeError("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : configmap \""
            + source.getName() + "\" not found");
      }
      Map<String, byte[]> data = new LinkedHashMap<>();
      cm.get().getDataMap().forEach((k, value) -> data.put(k, value.getBytes(StandardCharsets.UTF_8)));
      cm.get().getBinaryDataMap().forEach((k, value) -> data.put(k, value.toByteArray()));
      project(v.getName(), dir, data, source.getItemsList(), source.hasDefaultMode() ? source.getDefaultMode() : 0644);
    } else if (v.hasSecret()) {
      var source = v.getSecret();
      Optional<Secret> secret = fetch(dir, () -> lookup.secret(ns, source.getSecretName()));
      if (secret == null) {
        return dir;
      }
      if (secret.isEmpty()) {
        if (source.getOptional()) {
          return dir;
        }
        throw new VolumeError("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : secret \""
            + source.getSecretName() + "\" not found");
      }
      Map<String, byte[]> data = new LinkedHashMap<>();
      secret.get().getDataMap().forEach((k, value) -> data.put(k, value.toByteArray()));
      project(v.getName(), dir, data, source.getItemsList(), source.hasDefaultMode() ? source.getDefaultMode() : 0644);
    }
    return dir; // emptyDir (or a volume with no source, which the API server defaults to emptyDir)
  }

  /** Reads an object; null (keep old files) when the API server is unreachable and files exist. */
  private static <T> Optional<T> fetch(Path dir, java.util.function.Supplier<Optional<T>> read) {
    try {
      return read.get();
    } catch (ApiException e) {
      if (e.isUnavailable() && hasFiles(dir)) {
        return null;
      }
      throw e;
    }
  }

  private static Path hostPath(String name, HostPathVolumeSource source) throws VolumeError {
    Path path = Path.of(source.getPath());
    switch (source.getType()) {
      case "DirectoryOrCreate" -> mkdirs(path);
      case "FileOrCreate" -> {
        try {
          if (!Files.exists(path)) {
            mkdirs(path.getParent());
            Files.createFile(path);
          }
        } catch (IOException e) {
          throw new VolumeError("volume \"" + name + "\": cannot create " + path + ": " + e.getMessage());
        }
      }
      case "Directory" -> {
        if (!Files.isDirectory(path)) {
          throw new VolumeError("MountVolume.SetUp failed for volume \"" + name + "\" : hostPath type check failed: "
              + path + " is not a directory");
        }
      }
      case "File" -> {
        if (!Files.isRegularFile(path)) {
          throw new VolumeError("MountVolume.SetUp failed for volume \"" + name + "\" : hostPath type check failed: "
              + path + " is not a file");
        }
      }
      default -> { }
    }
    return path;
  }

  /** Writes keys as files (all keys, or the listed items at their paths); removes files no longer wanted. */
  private static void project(String volume, Path dir, Map<String, byte[]> data, List<KeyToPath> items,
      int defaultMode) throws VolumeError {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    Map<Path, Integer> modes = new LinkedHashMap<>();
    if (items.isEmpty()) {
      data.forEach((k, value) -> {
        files.put(dir.resolve(k), value);
        modes.put(dir.resolve(k), defaultMode);
      });
    } else {
      for (KeyToPath item : items) {
        byte[] value = data.get(item.getKey());
        if (value == null) {
          throw new VolumeError("MountVolume.SetUp failed for volume \"" + volume + "\" : key \"" + item.getKey()
              + "\" is missing");
        }
        Path file = dir.resolve(item.getPath()).normalize();
        if (!file.startsWith(dir)) {
          throw new VolumeError("volume \"" + volume + "\": path \"" + item.getPath() + "\" leaves the volume");
        }
        files.put(file, value);
        modes.put(file, item.hasMode() ? item.getMode() : defaultMode);
      }
    }
    try {
      for (Map.Entry<Path, byte[]> f : files.entrySet()) {
        Files.createDirectories(f.getKey().getParent());
        if (!Files.exists(f.getKey()) || !java.util.Arrays.equals(Files.readAllBytes(f.getKey()), f.getValue())) {
          // Written beside, then renamed: a reader never sees half a file.
          Path tmp = f.getKey().resolveSibling("." + f.getKey().getFileName() + ".tmp");
          Files.write(tmp, f.getValue());
          try {
            Files.move(tmp, f.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f.getKey(), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.setPosixFilePermissions(f.getKey(), permissions(modes.get(f.getKey())));
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          if (!files.containsKey(p)) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new VolumeError("volume \"" + volume + "\": " + e.getMessage());
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  private static boolean hasFiles(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  private static void mkdirs(Path dir) throws VolumeError {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VolumeError("cannot create " + dir + ": " + e.getMessage());
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to remove " + dir, e);
    }
  }
}
