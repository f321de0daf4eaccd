package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.LocalVolumeSource;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistentVolumeClaim volume resolves to its bound volume's directory, or says why the pod waits. */
class ClaimVolumesTest {
  @TempDir
  Path dir;

  private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
  private final Map<String, PersistentVolume> volumes = new HashMap<>();
  private final ConfigLookup lookup = new ConfigLookup() {
    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
      return Optional.ofNullable(claims.get(namespace + "/" + name));
    }

    @Override
    public Optional<PersistentVolume> volume(String name) {
      return Optional.ofNullable(volumes.get(name));
    }
  };

  private static PersistentVolumeClaim claim(String volumeName, String phase) {
    return PersistentVolumeClaim.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("data"))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().setVolumeName(volumeName))
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase(phase)).build();
  }

  @Test
  void aMissingClaimIsNotFound() {
    assertThatThrownBy(() -> ClaimVolumes.path(lookup, "default", "data"))
        .hasMessage("persistentvolumeclaim \"data\" not found");
  }

  @Test
  void anUnboundClaimWaits() {
    claims.put("default/data", claim("", "Pending"));

    assertThatThrownBy(() -> ClaimVolumes.path(lookup, "default", "data"))
        .hasMessageContaining("PVC default/data has non-bound phase (\"Pending\")");
  }

  @Test
  void aBoundClaimIsItsLocalVolumesDirectory() throws Exception {
    claims.put("default/data", claim("pv1", "Bound"));
    volumes.put("pv1", PersistentVolume.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("pv1"))
        .setSpec(PersistentVolumeSpec.newBuilder().setLocal(LocalVolumeSource.newBuilder().setPath(dir.toString())))
        .build());

    assertThat(ClaimVolumes.path(lookup, "default", "data")).isEqualTo(dir);
  }
}
