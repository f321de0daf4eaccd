package io.kava.apiserver.validation;

import static io.kava.apiserver.validation.ValidationTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.ConfigMapProjection;
import io.kava.api.core.v1.ConfigMapVolumeSource;
import io.kava.api.core.v1.DownwardAPIProjection;
import io.kava.api.core.v1.DownwardAPIVolumeFile;
import io.kava.api.core.v1.DownwardAPIVolumeSource;
import io.kava.api.core.v1.KeyToPath;
import io.kava.api.core.v1.ObjectFieldSelector;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ProjectedVolumeSource;
import io.kava.api.core.v1.ResourceFieldSelector;
import io.kava.api.core.v1.SecretProjection;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeProjection;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** configMap, secret, downwardAPI and projected volume sources: upstream's paths and reasons. */
class VolumeValidationTest {
  private static Pod pod(Volume.Builder volume) {
    Pod p = Fixtures.pod("default", "web");
    return p.toBuilder().setSpec(p.getSpec().toBuilder().addVolumes(volume.setName("v"))).build();
  }

  private static DownwardAPIVolumeFile field(String path, String fieldPath) {
    return DownwardAPIVolumeFile.newBuilder().setPath(path)
        .setFieldRef(ObjectFieldSelector.newBuilder().setFieldPath(fieldPath)).build();
  }

  private static VolumeProjection configMap(String name, String path) {
    return VolumeProjection.newBuilder().setConfigMap(ConfigMapProjection.newBuilder().setName(name)
        .addItems(KeyToPath.newBuilder().setKey("k").setPath(path))).build();
  }

  private static List<String> details(Volume.Builder v) {
    List<FieldError> errs = new ArrayList<>();
    VolumeValidation.apiData(v.setName("v").build(), "spec.volumes[0]", errs);
    return errs.stream().map(e -> e.field() + ": " + e.detail()).toList();
  }

  @Test
  void aProjectedVolumeOfEverySourceAndADownwardApiVolumePass() {
    assertThat(errors(pod(Volume.newBuilder().setProjected(ProjectedVolumeSource.newBuilder()
        .addSources(configMap("settings", "conf/app"))
        .addSources(VolumeProjection.newBuilder().setSecret(SecretProjection.newBuilder().setName("creds")))
        .addSources(VolumeProjection.newBuilder().setDownwardApi(DownwardAPIProjection.newBuilder()
            .addItems(field("labels", "metadata.labels")))))))).isEmpty();
    assertThat(errors(pod(Volume.newBuilder().setDownwardApi(DownwardAPIVolumeSource.newBuilder()
        .addItems(field("name", "metadata.name"))
        .addItems(field("tier", "metadata.labels['tier']"))
        .addItems(DownwardAPIVolumeFile.newBuilder().setPath("mem").setResourceFieldRef(ResourceFieldSelector
            .newBuilder().setContainerName("web").setResource("limits.memory").setDivisor("1Mi"))))))).isEmpty();
  }

  @Test
  void itemPathsMustBeRelativeAndStayInside() {
    assertThat(details(Volume.newBuilder().setConfigMap(ConfigMapVolumeSource.newBuilder().setName("c")
        .addItems(KeyToPath.newBuilder().setKey("a").setPath("/etc/passwd"))
        .addItems(KeyToPath.newBuilder().setKey("b").setPath("x/../../y"))
        .addItems(KeyToPath.newBuilder().setKey("c").setPath("..data"))
        .addItems(KeyToPath.newBuilder().setPath("z").setMode(01000))))).containsExactly(
        "spec.volumes[0].configMap.items[0].path: must be a relative path",
        "spec.volumes[0].configMap.items[1].path: must not contain '..'",
        "spec.volumes[0].configMap.items[2].path: must not start with '..'",
        "spec.volumes[0].configMap.items[3].key: ",
        "spec.volumes[0].configMap.items[3].mode: must be a number between 0 and 0777 (octal), both inclusive");
  }

  @Test
  void twoProjectedFilesAtOnePathConflict() {
    assertThat(details(Volume.newBuilder().setProjected(ProjectedVolumeSource.newBuilder()
        .addSources(configMap("a", "same"))
        .addSources(VolumeProjection.newBuilder().setDownwardApi(DownwardAPIProjection.newBuilder()
            .addItems(field("same", "metadata.name"))))))).containsExactly(
        "spec.volumes[0].projected: conflicting duplicate paths");
    assertThat(errors(pod(Volume.newBuilder().setProjected(ProjectedVolumeSource.newBuilder()
        .addSources(configMap("a", "x").toBuilder().setSecret(SecretProjection.newBuilder().setName("s")))))))
        .containsExactly("spec.volumes[0].projected.sources[0] FieldValueForbidden");
  }

  @Test
  void aDownwardApiFileNeedsASupportedFieldOrAContainersResource() {
    assertThat(errors(pod(Volume.newBuilder().setDownwardApi(DownwardAPIVolumeSource.newBuilder()
        .addItems(field("ip", "status.podIP"))
        .addItems(field("x", "spec.nodeName['a']"))
        .addItems(DownwardAPIVolumeFile.newBuilder().setPath("none"))
        .addItems(DownwardAPIVolumeFile.newBuilder().setPath("cpu").setResourceFieldRef(ResourceFieldSelector
            .newBuilder().setResource("limits.cpu").setDivisor("1Mi"))))))).containsExactly(
        "spec.volumes[0].downwardAPI.items[0].fieldRef.fieldPath FieldValueNotSupported",
        "spec.volumes[0].downwardAPI.items[1].fieldRef.fieldPath FieldValueInvalid",
        "spec.volumes[0].downwardAPI.items[2] FieldValueRequired",
        "spec.volumes[0].downwardAPI.items[3].resourceFieldRef.containerName FieldValueRequired",
        "spec.volumes[0].downwardAPI.items[3].resourceFieldRef.divisor FieldValueInvalid");
  }
}
