package io.kava.kubelet.pod;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host directory behind a persistentVolumeClaim volume: the claim must exist, not be going away,
 * and be Bound to a volume whose local or hostPath source is on this host. Until then the pod waits in
 * ContainerCreating with the reason as its FailedMount event, in the kubelet's wording.
 */
final class ClaimVolumes {
  private ClaimVolumes() {}

  static Path path(ConfigLookup lookup, String namespace, String claimName) throws VolumeManager.VolumeError {
    Optional<PersistentVolumeClaim> found = lookup.claim(namespace, claimName);
    if (found.isEmpty()) {
      throw new VolumeManager.VolumeError("persistentvolumeclaim \"" + claimName + "\" not found");
    }
    PersistentVolumeClaim claim = found.get();
    if (!claim.getMetadata().getDeletionTimestamp().isEmpty()) {
      throw new VolumeManager.VolumeError("persistentvolumeclaim \"" + claimName + "\" is being deleted");
    }
    String volumeName = claim.getSpec().getVolumeName();
    if (volumeName.isEmpty() || !claim.getStatus().getPhase().equals("Bound")) {
      throw new VolumeManager.VolumeError("PVC " + namespace + "/" + claimName + " has non-bound phase (\""
          + claim.getStatus().getPhase() + "\") or empty pvc.Spec.VolumeName (\"" + volumeName + "\")");
    }
    PersistentVolume pv = lookup.volume(volumeName).orElseThrow(() ->
        new VolumeManager.VolumeError("persistentvolume \"" + volumeName + "\" not found"));
    String source = pv.getSpec().hasLocal() ? pv.getSpec().getLocal().getPath() : pv.getSpec().getHostPath().getPath();
    if (source.isEmpty()) {
      throw new VolumeManager.VolumeError("persistentvolume \"" + volumeName + "\" has no local or hostPath source");
    }
    Path path = Path.of(source);
    if (pv.getSpec().hasLocal() && !Files.isDirectory(path)) {
      throw new VolumeManager.VolumeError("MountVolume.NewMounter initialization failed for volume \"" + volumeName
          + "\" : path \"" + source + "\" does not exist");
    }
    return path;
  }
}
