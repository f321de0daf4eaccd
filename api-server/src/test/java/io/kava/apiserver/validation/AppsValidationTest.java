package io.kava.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetSpec;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.VolumeMount;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.RawExtension;
import io.kava.apiserver.defaulting.AppsDefaults;
import io.kava.apiserver.errors.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream's apps validation and defaulting of StatefulSets and DaemonSets: errors name their paths. */
class AppsValidationTest {
  private static final PodTemplateSpec TEMPLATE = PodTemplateSpec.newBuilder()
      .setMetadata(ObjectMeta.newBuilder().putLabels("app", "nginx"))
      .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("nginx").setImage("nginx:1.14.2")
          .addVolumeMounts(VolumeMount.newBuilder().setName("www").setMountPath("/usr/share/nginx/html"))))
      .build();

  private static PersistentVolumeClaim claim(String name, String... modes) {
    return PersistentVolumeClaim.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().addAllAccessModes(List.of(modes))
            .setResources(ResourceRequirements.newBuilder().putRequests("storage", "1Gi")))
        .build();
  }

  private static StatefulSet web(StatefulSetSpec.Builder spec) {
    return AppsDefaults.statefulSet(StatefulSet.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("web").setNamespace("default")).setSpec(spec).build());
  }

  private static StatefulSetSpec.Builder tutorial() {
    return StatefulSetSpec.newBuilder().setServiceName("nginx").setReplicas(3)
        .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "nginx")).setTemplate(TEMPLATE)
        .addVolumeClaimTemplates(claim("www", "ReadWriteOnce"));
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void theTutorialsStatefulSetIsValidAndDefaultedAsUpstream() {
    StatefulSet set = web(tutorial().clearReplicas());
    assertThat(AppsValidation.validateStatefulSet(set)).isEmpty();
    assertThat(set.getSpec().getReplicas()).isEqualTo(1);
    assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
    assertThat(set.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
    assertThat(set.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
    assertThat(set.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
  }

  @Test
  void serviceNameIsOptionalAsUpstreamButMustBeADnsLabel() {
    assertThat(AppsValidation.validateStatefulSet(web(tutorial().clearServiceName()))).isEmpty();
    assertThat(fields(AppsValidation.validateStatefulSet(web(tutorial().setServiceName("Not_A_Label")))))
        .containsOnly("spec.serviceName");
  }

  @Test
  void badStatefulSetsGetFieldErrorsNamingThePath() {
    var errors = AppsValidation.validateStatefulSet(web(tutorial()
        .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "other"))
        .setReplicas(-1)
        .setPodManagementPolicy("Random")
        .clearVolumeClaimTemplates()
        .addVolumeClaimTemplates(claim(""))
        .addVolumeClaimTemplates(claim("data", "ReadWriteSometimes"))));
    assertThat(fields(errors)).contains("spec.template.metadata.labels", "spec.replicas", "spec.podManagementPolicy",
        "spec.volumeClaimTemplates[0].metadata.name", "spec.volumeClaimTemplates[0].spec.accessModes",
        "spec.volumeClaimTemplates[1].spec.accessModes");
  }

  @Test
  void onlyTheMutableFieldsOfAStatefulSetMayChange() {
    StatefulSet old = web(tutorial());
    assertThat(AppsValidation.validateStatefulSetUpdate(web(tutorial().setReplicas(5)), old)).isEmpty();
    assertThat(fields(AppsValidation.validateStatefulSetUpdate(web(tutorial().setServiceName("other")), old)))
        .containsExactly("spec");
  }

  @Test
  void daemonSetsDefaultAsUpstreamAndRefuseZeroUnavailableWithZeroSurge() {
    DaemonSet ds = AppsDefaults.daemonSet(DaemonSet.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("agent").setNamespace("default"))
        .setSpec(DaemonSetSpec.newBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "nginx"))
            .setTemplate(TEMPLATE.toBuilder().setSpec(TEMPLATE.getSpec().toBuilder().setContainers(0,
                TEMPLATE.getSpec().getContainers(0).toBuilder().clearVolumeMounts()))))
        .build());
    assertThat(AppsValidation.validateDaemonSet(ds)).isEmpty();
    var ru = ds.getSpec().getUpdateStrategy().getRollingUpdate();
    assertThat(ru.getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(ru.getMaxSurge().getIntVal()).isZero();
    assertThat(ds.getSpec().getRevisionHistoryLimit()).isEqualTo(10);

    DaemonSet zero = ds.toBuilder().setSpec(ds.getSpec().toBuilder().setUpdateStrategy(ds.getSpec().getUpdateStrategy()
        .toBuilder().setRollingUpdate(ru.toBuilder().setMaxUnavailable(IntOrString.newBuilder().setIntVal(0))))).build();
    assertThat(fields(AppsValidation.validateDaemonSet(zero))).containsExactly("spec.updateStrategy.rollingUpdate.maxUnavailable");
  }

  @Test
  void aControllerRevisionNeedsDataAndANonNegativeRevisionAndItsDataNeverChanges() {
    ControllerRevision revision = ControllerRevision.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("web-7c9d").setNamespace("default"))
        .setData(RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"spec\":{}}"))).setRevision(1).build();
    assertThat(AppsValidation.validateControllerRevision(revision)).isEmpty();

    assertThat(fields(AppsValidation.validateControllerRevision(revision.toBuilder().clearData().setRevision(-1).build())))
        .containsExactly("data", "revision");
    // A rollback moves the revision number; the data stays as it was.
    assertThat(AppsValidation.validateControllerRevisionUpdate(revision.toBuilder().setRevision(3).build(), revision))
        .isEmpty();
    List<FieldError> changed = AppsValidation.validateControllerRevisionUpdate(revision.toBuilder()
        .setData(RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{}"))).build(), revision);
    assertThat(fields(changed)).containsExactly("data");
    assertThat(changed.get(0).detail()).isEqualTo("field is immutable");
  }
}
