package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.ConfigMapProjection;
import io.kava.api.core.v1.ConfigMapVolumeSource;
import io.kava.api.core.v1.DownwardAPIProjection;
import io.kava.api.core.v1.DownwardAPIVolumeFile;
import io.kava.api.core.v1.DownwardAPIVolumeSource;
import io.kava.api.core.v1.ObjectFieldSelector;
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.ProjectedVolumeSource;
import io.kava.api.core.v1.ResourceFieldSelector;
import io.kava.api.core.v1.SecretProjection;
import io.kava.api.core.v1.VolumeProjection;
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
    Path dir = volumes().setUp(optional).get("config");
    try (var list = Files.list(dir)) {
      assertThat(list.map(f -> f.getFileName().toString())).as("only the writer's own entries").allMatch(n -> n.startsWith(".."));
    }
  }

  @Test
  void aProjectedVolumeJoinsAConfigMapASecretAndTheDownwardApiUnderOneMode() throws Exception {
    configs.configMaps.put("default/settings", ConfigMap.newBuilder().putData("mode", "fast").build());
    configs.secrets.put("default/creds", Secret.newBuilder().putData("password", ByteString.copyFromUtf8("s3cret")).build());
    Pod pod = labeled(pod(Volume.newBuilder().setName("all").setProjected(ProjectedVolumeSource.newBuilder()
        .setDefaultMode(0440)
        .addSources(VolumeProjection.newBuilder().setConfigMap(ConfigMapProjection.newBuilder().setName("settings")))
        .addSources(VolumeProjection.newBuilder().setSecret(SecretProjection.newBuilder().setName("creds")
            .addItems(KeyToPath.newBuilder().setKey("password").setPath("secret/pw").setMode(0400))))
        .addSources(VolumeProjection.newBuilder().setDownwardApi(DownwardAPIProjection.newBuilder()
            .addItems(labelsFile())))).build()), "tier", "front");

    Path dir = volumes().setUp(pod).get("all");

    assertThat(dir.resolve("mode")).hasContent("fast");
    assertThat(dir.resolve("secret/pw")).hasContent("s3cret");
    assertThat(dir.resolve("labels")).hasContent("tier=\"front\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("mode")))).isEqualTo("r--r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret/pw")))).isEqualTo("r--------");
    assertThat(Files.isSymbolicLink(dir.resolve("..data"))).isTrue();
  }

  @Test
  void aDownwardApiVolumeFollowsThePodsLabels() throws Exception {
    Pod pod = labeled(pod(Volume.newBuilder().setName("info").setDownwardApi(DownwardAPIVolumeSource.newBuilder()
        .addItems(labelsFile())
        .addItems(DownwardAPIVolumeFile.newBuilder().setPath("name")
            .setFieldRef(ObjectFieldSelector.newBuilder().setFieldPath("metadata.name")))
        .addItems(DownwardAPIVolumeFile.newBuilder().setPath("cpu_limit").setResourceFieldRef(
            ResourceFieldSelector.newBuilder().setContainerName("app").setResource("limits.cpu").setDivisor("1m"))))
        .build()), "tier", "front");
    VolumeManager volumes = new VolumeManager(root, configs, Map.of("cpu", "2"));
    Path dir = volumes.setUp(pod).get("info");
    assertThat(dir.resolve("labels")).hasContent("tier=\"front\"");
    assertThat(dir.resolve("name")).hasContent("web");
    assertThat(dir.resolve("cpu_limit")).as("no limit: the node's allocatable").hasContent("2000");

    volumes.setUp(labeled(pod, "tier", "back"));

    assertThat(dir.resolve("labels")).hasContent("tier=\"back\"");
  }

  @Test
  void aMissingContainerOfAResourceFieldRefFailsTheVolume() {
    Pod pod = pod(Volume.newBuilder().setName("info").setDownwardApi(DownwardAPIVolumeSource.newBuilder()
        .addItems(DownwardAPIVolumeFile.newBuilder().setPath("mem").setResourceFieldRef(
            ResourceFieldSelector.newBuilder().setContainerName("nope").setResource("limits.memory")))).build());
    assertThatThrownBy(() -> volumes().setUp(pod))
        .hasMessage("MountVolume.SetUp failed for volume \"info\" : container nope not found");
  }

  private static DownwardAPIVolumeFile labelsFile() {
    return DownwardAPIVolumeFile.newBuilder().setPath("labels")
        .setFieldRef(ObjectFieldSelector.newBuilder().setFieldPath("metadata.labels")).build();
  }

  private static Pod labeled(Pod p, String key, String value) {
    return p.toBuilder().setMetadata(p.getMetadata().toBuilder().clearLabels().putLabels(key, value)).build();
  }

  @Test
  void apiDataAndReadOnlyClaimsMountReadOnlyAndASubPathFileIsTheRealFile() throws Exception {
    configs.configMaps.put("default/settings", ConfigMap.newBuilder().putData("mode", "fast").build());
    Pod pod = pod(Volume.newBuilder().setName("config")
            .setConfigMap(ConfigMapVolumeSource.newBuilder().setName("settings")).build(),
        Volume.newBuilder().setName("scratch").setEmptyDir(EmptyDirVolumeSource.getDefaultInstance()).build(),
        Volume.newBuilder().setName("data").setPersistentVolumeClaim(
            PersistentVolumeClaimVolumeSource.newBuilder().setClaimName("data").setReadOnly(true)).build());
    Map<String, Path> paths = new java.util.HashMap<>(volumes().setUp(pod(pod.getSpec().getVolumes(0),
        pod.getSpec().getVolumes(1))));
    paths.put("data", host);
    Container c = TestPods.container("app").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("config").setMountPath("/etc/app"))
        .addVolumeMounts(VolumeMount.newBuilder().setName("config").setMountPath("/etc/mode").setSubPath("mode"))
        .addVolumeMounts(VolumeMount.newBuilder().setName("scratch").setMountPath("/tmp/s"))
        .addVolumeMounts(VolumeMount.newBuilder().setName("data").setMountPath("/data"))
        .build();

    List<ContainerConfig.Mount> mounts = volumes().mounts(pod, c, paths);

    Path config = paths.get("config");
    assertThat(mounts).containsExactly(
        new ContainerConfig.Mount(config.toString(), "/etc/app", true),
        new ContainerConfig.Mount(config.resolve("mode").toRealPath().toString(), "/etc/mode", true),
        new ContainerConfig.Mount(paths.get("scratch").toString(), "/tmp/s", false),
        new ContainerConfig.Mount(host.toString(), "/data", true));
    assertThat(Files.isSymbolicLink(Path.of(mounts.get(1).hostPath()))).isFalse();
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
    List<ContainerConfig.Mount> mounts = volumes().mounts(pod, c, paths);
    assertThat(mounts).containsExactly(
        new ContainerConfig.Mount(paths.get("scratch").toString(), "/data", false),
        new ContainerConfig.Mount(paths.get("scratch").resolve("logs").toString(), "/logs", true));
    assertThat(paths.get("scratch").resolve("logs")).isDirectory();

    Container escaping = TestPods.container("app").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("scratch").setMountPath("/x").setSubPath("../../etc")).build();
    assertThatThrownBy(() -> volumes().mounts(pod, escaping, paths)).hasMessageContaining("leaves the volume");
    Container unknown = TestPods.container("app").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("other").setMountPath("/x")).build();
    assertThatThrownBy(() -> volumes().mounts(pod, unknown, paths)).hasMessageContaining("does not define");
  }

  /** The ServiceAccount admission's kube-api-access volume, as it adds it. */
  private static Volume kubeApiAccess() {
    return Volume.newBuilder().setName("kube-api-access-x1y2z").setProjected(ProjectedVolumeSource.newBuilder()
        .setDefaultMode(0644)
        .addSources(VolumeProjection.newBuilder().setServiceAccountToken(
            io.kava.api.core.v1.ServiceAccountTokenProjection.newBuilder().setExpirationSeconds(3607).setPath("token")))
        .addSources(VolumeProjection.newBuilder().setConfigMap(ConfigMapProjection.newBuilder().setName("kube-root-ca.crt")
            .addItems(KeyToPath.newBuilder().setKey("ca.crt").setPath("ca.crt"))))
        .addSources(VolumeProjection.newBuilder().setDownwardApi(DownwardAPIProjection.newBuilder()
            .addItems(DownwardAPIVolumeFile.newBuilder().setPath("namespace")
                .setFieldRef(ObjectFieldSelector.newBuilder().setApiVersion("v1").setFieldPath("metadata.namespace"))))))
        .build();
  }

  @Test
  void aServiceAccountTokenIsProjectedBoundToThePodAndSwappedAtomicallyWhenRefreshed() throws Exception {
    var clock = new io.kava.client.testing.MutableClock(java.time.Instant.parse("2026-12-02T10:00:00Z"));
    var source = new io.kava.kubelet.token.FakeTokenSource(clock);
    var tokens = new io.kava.kubelet.token.TokenManager(source, clock);
    VolumeManager volumes = new VolumeManager(root, configs, Map.of(), java.util.Optional.of(tokens));
    configs.configMaps.put("default/kube-root-ca.crt", ConfigMap.newBuilder().putData("ca.crt", "PEM").build());
    Pod base = pod(kubeApiAccess());
    Pod pod = base.toBuilder().setSpec(base.getSpec().toBuilder().setServiceAccountName("builder")).build();

    Path dir = volumes.setUp(pod).get("kube-api-access-x1y2z");

    assertThat(dir.resolve("token")).hasContent("default/builder/token-1");
    assertThat(dir.resolve("ca.crt")).hasContent("PEM");
    assertThat(dir.resolve("namespace")).hasContent("default");
    var asked = source.requests.get(0).getSpec();
    assertThat(asked.getExpirationSeconds()).isEqualTo(3607);
    assertThat(asked.getAudiencesList()).as("none: the API server's").isEmpty();
    assertThat(asked.getBoundObjectRef().getKind()).isEqualTo("Pod");
    assertThat(asked.getBoundObjectRef().getName()).isEqualTo(pod.getMetadata().getName());
    assertThat(asked.getBoundObjectRef().getUid()).isEqualTo(pod.getMetadata().getUid());
    Path before = Files.readSymbolicLink(dir.resolve("..data"));

    clock.advance(java.time.Duration.ofMinutes(30));
    volumes.setUp(pod);
    assertThat(source.count()).as("half the lifetime: the cached token").isEqualTo(1);
    assertThat(Files.readSymbolicLink(dir.resolve("..data"))).as("nothing rewritten").isEqualTo(before);

    clock.advance(java.time.Duration.ofMinutes(20));
    volumes.setUp(pod);
    assertThat(dir.resolve("token")).as("past 80 %%: refreshed").hasContent("default/builder/token-2");
    assertThat(Files.readSymbolicLink(dir.resolve("token"))).as("still a link through ..data")
        .isEqualTo(Path.of("..data/token"));
    assertThat(Files.readSymbolicLink(dir.resolve("..data"))).as("a new timestamped directory").isNotEqualTo(before);
    assertThat(dir.resolve(before)).as("the old one is removed").doesNotExist();

    volumes.tearDown(pod.getMetadata().getUid());
    volumes.setUp(pod);
    assertThat(source.count()).as("the pod's tokens went with it").isEqualTo(3);
  }

  @Test
  void aRefusedTokenFailsTheVolumeAndAnFsGroupMakesTheToken0600() throws Exception {
    var clock = new io.kava.client.testing.MutableClock(java.time.Instant.parse("2026-12-02T10:00:00Z"));
    var source = new io.kava.kubelet.token.FakeTokenSource(clock);
    VolumeManager volumes = new VolumeManager(root, configs, Map.of(),
        java.util.Optional.of(new io.kava.kubelet.token.TokenManager(source, clock)));
    configs.configMaps.put("default/kube-root-ca.crt", ConfigMap.newBuilder().putData("ca.crt", "PEM").build());
    Pod base = pod(kubeApiAccess());
    Pod pod = base.toBuilder().setSpec(base.getSpec().toBuilder()
        .setSecurityContext(io.kava.api.core.v1.PodSecurityContext.newBuilder().setFsGroup(2000))).build();

    source.failWith = io.grpc.Status.Code.PERMISSION_DENIED;
    assertThatThrownBy(() -> volumes.setUp(pod)).isInstanceOf(VolumeManager.VolumeError.class)
        .hasMessageContaining("kube-api-access-x1y2z").hasMessageContaining("failed to fetch token");

    source.failWith = null;
    Path dir = volumes.setUp(pod).get("kube-api-access-x1y2z");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.crt")))).isEqualTo("rw-r--r--");
  }

  @Test
  void withoutATokenManagerAServiceAccountTokenFailsTheVolume() {
    assertThatThrownBy(() -> volumes().setUp(pod(kubeApiAccess()))).isInstanceOf(VolumeManager.VolumeError.class)
        .hasMessageContaining("serviceAccountToken");
  }
}
