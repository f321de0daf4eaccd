package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.ConfigMapVolumeSource;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EmptyDirVolumeSource;
import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.KeyToPath;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.SecretVolumeSource;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.testing.MapConfigLookup;
import io.kava.kubelet.testing.TestPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeManagerTest {
  @TempDir
  Path root;
  @TempDir
  Path host;
  private final MapConfigLookup configs = new MapConfigLookup();

  private VolumeManager volumes() {
    return new VolumeManager(root, configs);
  }

  private static Pod pod(Volume... volumes) {
    Pod p = TestPods.pod("web", "n", TestPods.container("app"));
    return p.toBuilder().setSpec(p.getSpec().toBuilder().addAllVolumes(List.of(volumes))).build();
  }

  @Test
  void emptyDirIsAFolderOfThePodRemovedWithIt() throws Exception {
    Pod pod = pod(Volume.newBuilder().setName("scratch").setEmptyDir(EmptyDirVolumeSource.getDefaultInstance()).build());
    Map<String, Path> paths = volumes().setUp(pod);
    Path dir = paths.get("scratch");
    assertThat(dir).isDirectory().startsWith(root.resolve("pods").resolve(pod.getMetadata().getUid()));
    assertThat(volumes().podsOnDisk()).containsExactly(pod.getMetadata().getUid());
    volumes().tearDown(pod.getMetadata().getUid());
    assertThat(dir).doesNotExist();
    assertThat(volumes().podsOnDisk()).isEmpty();
  }

  @Test
  void configMapKeysBecomeFilesAndFollowChanges() throws Exception {
    configs.configMaps.put("default/settings", ConfigMap.newBuilder().putData("mode", "fast").putData("level", "3").build());
    Pod pod = pod(Volume.newBuilder().setName("config")
        .setConfigMap(ConfigMapVolumeSource.newBuilder().setName("settings")).build());
    Path dir = volumes().setUp(pod).get("config");
    assertThat(Files.readString(dir.resolve("mode"))).isEqualTo("fast");
    assertThat(Files.readString(dir.resolve("level"))).isEqualTo("3");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("mode")))).isEqualTo("rw-r--r--");

    configs.configMaps.put("default/settings", ConfigMap.newBuilder().putData("mode", "slow").build());
    volumes().setUp(pod);
    assertThat(Files.readString(dir.resolve("mode"))).isEqualTo("slow");
    assertThat(dir.resolve("level")).doesNotExist();
  }

  @Test
  void itemsPickKeysPathsAndModes() throws Exception {
    configs.secrets.put("default/creds", Secret.newBuilder()
        .putData("password", ByteString.copyFromUtf8("s3cret")).putData("user", ByteString.copyFromUtf8("admin")).build());
    Pod pod = pod(Volume.newBuilder().setName("creds").setSecret(SecretVolumeSource.newBuilder().setSecretName("creds")
        .addItems(KeyToPath.newBuilder().setKey("password").setPath("auth/pw").setMode(0400))).build());
    Path dir = volumes().setUp(pod).get("creds");
    assertThat(Files.readString(dir.resolve("auth/pw"))).isEqualTo("s3cret");
    assertThat(dir.resolve("user")).doesNotExist();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auth/pw")))).isEqualTo("r--------");
  }

  @Test
  void missingObjectsFailUnlessOptional() throws Exception {
    Pod missing = pod(Volume.newBuilder().setName("config")
        .setConfigMap(ConfigMapVolumeSource.newBuilder().setName("nope")).build());
    assertThatThrownBy(() -> volumes().setUp(missing)).isInstanceOf(VolumeManager.VolumeError.class)
        .hasMessage("MountVolume.SetUp failed for volume \"config\" : configmap \"nope\" not found");
    Pod optional = pod(Volume.newBuilder().setName("config")
        .setConfigMap(ConfigMapVolumeSource.newBuilder().setName("nope").setOptional(true)).build());
    assertThat(volumes().setUp(optional).get("config")).isEmptyDirectory();
  }

  @Test
  void hostPathIsUsedAsIsOrCreatedWhenAsked() throws Exception {
    Path wanted = host.resolve("data");
    Pod pod = pod(Volume.newBuilder().setName("data").setHostPath(HostPathVolumeSource.newBuilder()
        .setPath(wanted.toString()).setType("DirectoryOrCreate")).build());
    assertThat(volumes().setUp(pod).get("data")).isEqualTo(wanted).isDirectory();
    Pod strict = pod(Volume.newBuilder().setName("data").setHostPath(HostPathVolumeSource.newBuilder()
        .setPath(host.resolve("absent").toString()).setType("Directory")).build());
    assertThatThrownBy(() -> volumes().setUp(strict)).hasMessageContaining("is not a directory");
  }

  @Test
  void mountsBindVolumesWithSubPathsAndReadOnly() throws Exception {
    Pod pod = pod(Volume.newBuilder().setName("scratch").setEmptyDir(EmptyDirVolumeSource.getDefaultInstance()).build());
    Map<String, Path> paths = volumes().setUp(pod);
    Container c = TestPods.container("app").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("scratch").setMountPath("/data"))
        .addVolumeMounts(VolumeMount.newBuilder().setName("scratch").setMountPath("/logs").setSubPath("logs")
            .setReadOnly(true))
        .build();
    List<ContainerConfig.Mount> mounts = volumes().mounts(c, paths);
    assertThat(mounts).containsExactly(
        new ContainerConfig.Mount(paths.get("scratch").toString(), "/data", false),
        new ContainerConfig.Mount(paths.get("scratch").resolve("logs").toString(), "/logs", true));
    assertThat(paths.get("scratch").resolve("logs")).isDirectory();

    Container escaping = TestPods.container("app").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("scratch").setMountPath("/x").setSubPath("../../etc")).build();
    assertThatThrownBy(() -> volumes().mounts(escaping, paths)).hasMessageContaining("leaves the volume");
    Container unknown = TestPods.container("app").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("other").setMountPath("/x")).build();
    assertThatThrownBy(() -> volumes().mounts(unknown, paths)).hasMessageContaining("does not define");
  }
}
