package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.client.ApiException;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.token.TokenManager;
import io.kava.kubelet.volume.AtomicWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pod's volumes as directories on the node, bound into its containers: emptyDir (a directory the
 * pod's containers share, removed with the pod), hostPath, persistentVolumeClaim (the bound volume's
 * directory), and the API data of configMap, secret, downwardAPI and projected volumes (files built by
 * {@link VolumePayloads}, written by {@link AtomicWriter} at every sync, so they follow the objects, the
 * pod's labels and annotations, and refreshed ServiceAccount tokens). Each node has its own root (several kubelets share a machine):
 * &lt;root&gt;/pods/&lt;uid&gt;/volumes/&lt;name&gt;.
 */
public final class VolumeManager {
  private final Path root;
  private final ConfigLookup lookup;
  private final VolumePayloads payloads;
  private final Optional<TokenManager> tokens;

  /** A volume that cannot be set up; the pod's containers wait (event FailedMount). */
  public static final class VolumeError extends Exception {
    public VolumeError(String message) {
      super(message);
    }
  }

  public VolumeManager(Path root, ConfigLookup lookup) {
    this(root, lookup, Map.of());
  }

  /** allocatable: the node's, what a downwardAPI file of an unset limit shows (as upstream). */
  public VolumeManager(Path root, ConfigLookup lookup, Map<String, String> allocatable) {
    this(root, lookup, allocatable, Optional.empty());
  }

  /** tokens: the ServiceAccount tokens of projected volumes (without it a serviceAccountToken source fails the volume). */
  public VolumeManager(Path root, ConfigLookup lookup, Map<String, String> allocatable, Optional<TokenManager> tokens) {
    this.root = root;
    this.lookup = lookup;
    this.tokens = tokens;
    this.payloads = new VolumePayloads(lookup, allocatable, tokens);
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

  /**
   * The binds of one container: each volumeMount at its mountPath (subPath inside the volume). Read-only
   * when the mount says so, for a claim mounted readOnly, and always for API data (configMap, secret,
   * downwardAPI, projected), as upstream.
   */
  public List<ContainerConfig.Mount> mounts(Pod pod, Container c, Map<String, Path> volumes) throws VolumeError {
    Set<String> readOnly = readOnlyVolumes(pod);
    List<ContainerConfig.Mount> mounts = new ArrayList<>();
    for (VolumeMount m : c.getVolumeMountsList()) {
      Path source = volumes.get(m.getName());
      if (source == null) {
        throw new VolumeError("container " + c.getName() + " mounts volume \"" + m.getName()
            + "\", which the pod does not define");
      }
      if (!m.getSubPath().isEmpty()) {
        source = subPath(source, m);
      }
      mounts.add(new ContainerConfig.Mount(source.toString(), m.getMountPath(),
          m.getReadOnly() || readOnly.contains(m.getName())));
    }
    return mounts;
  }

  /** The volumes every mount of which is read-only whatever the volumeMount says. */
  static Set<String> readOnlyVolumes(Pod pod) {
    Set<String> names = new HashSet<>();
    for (Volume v : pod.getSpec().getVolumesList()) {
      if (VolumePayloads.isApiData(v) || (v.hasPersistentVolumeClaim() && v.getPersistentVolumeClaim().getReadOnly())) {
        names.add(v.getName());
      }
    }
    return names;
  }

  /**
   * The subPath inside the volume, created as a directory when missing. Symlinks are resolved (a file of
   * API data is a link through ..data) and must stay inside the volume.
   */
  private static Path subPath(Path volume, VolumeMount m) throws VolumeError {
    Path sub = volume.resolve(m.getSubPath()).normalize();
    if (!sub.startsWith(volume)) {
      throw new VolumeError("subPath \"" + m.getSubPath() + "\" of volume \"" + m.getName() + "\" leaves the volume");
    }
    if (!Files.exists(sub)) {
      mkdirs(sub);
    }
    try {
      Path real = sub.toRealPath();
      if (!real.startsWith(volume.toRealPath())) {
        throw new VolumeError("subPath \"" + m.getSubPath() + "\" of volume \"" + m.getName() + "\" leaves the volume");
      }
      return real;
    } catch (IOException e) {
      throw new VolumeError("subPath \"" + m.getSubPath() + "\" of volume \"" + m.getName() + "\": " + e.getMessage());
    }
  }

  /** Removes everything the pod had on disk (hostPath contents are the host's and stay). */
  public void tearDown(String uid) {
    deleteRecursively(podDir(uid));
    tokens.ifPresent(t -> t.forgetPod(uid));
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
    if (VolumePayloads.isApiData(v)) {
      Map<String, AtomicWriter.FileProjection> payload;
      try {
        payload = payloads.of(pod, v);
      } catch (ApiException e) {
        if (e.isUnavailable() && hasFiles(dir)) {
          return dir; // the API server is away: keep what was written before
        }
        throw e;
      }
      try {
        new AtomicWriter(dir).write(payload);
      } catch (IOException | IllegalArgumentException e) {
        throw new VolumeError("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e.getMessage());
      }
    }
    return dir; // emptyDir (or a volume with no source, which the API server defaults to emptyDir)
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
