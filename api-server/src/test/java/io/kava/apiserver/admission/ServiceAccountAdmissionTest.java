package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.ApiError;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAccountAdmissionTest {
  private ServiceAccount account = ServiceAccount.newBuilder()
      .setMetadata(ObjectMeta.newBuilder().setNamespace("ns").setName("default")).build();
  private final ServiceAccountAdmission admission = new ServiceAccountAdmission(
      (ns, name) -> name.equals("default") ? Optional.of(account) : Optional.empty(), 1, Duration.ZERO);

  private static Pod pod(PodSpec.Builder spec) {
    return Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("ns").setName("web"))
        .setSpec(spec.addContainers(Container.newBuilder().setName("app"))).build();
  }

  @Test
  void aPodGetsTheDefaultServiceAccountAndTheTokenVolume() {
    Pod admitted = admission.admitCreate(pod(PodSpec.newBuilder()));
    assertThat(admitted.getSpec().getServiceAccountName()).isEqualTo("default");
    assertThat(admitted.getSpec().getVolumesList()).hasSize(1);
    var volume = admitted.getSpec().getVolumes(0);
    assertThat(volume.getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(volume.getProjected()).isEqualTo(ServiceAccountAdmission.tokenVolumeSource());
    assertThat(volume.getProjected().getSources(0).getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607);
    var mount = admitted.getSpec().getContainers(0).getVolumeMounts(0);
    assertThat(mount.getName()).isEqualTo(volume.getName());
    assertThat(mount.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
    assertThat(mount.getReadOnly()).isTrue();
  }

  @Test
  void automountFalseOnThePodOrTheServiceAccountMountsNothing() {
    assertThat(admission.admitCreate(pod(PodSpec.newBuilder().setAutomountServiceAccountToken(false)))
        .getSpec().getVolumesCount()).isZero();
    account = account.toBuilder().setAutomountServiceAccountToken(false).build();
    assertThat(admission.admitCreate(pod(PodSpec.newBuilder())).getSpec().getVolumesCount()).isZero();
    // The pod's own setting wins over the ServiceAccount's.
    assertThat(admission.admitCreate(pod(PodSpec.newBuilder().setAutomountServiceAccountToken(true)))
        .getSpec().getVolumesCount()).isEqualTo(1);
  }

  @Test
  void aMissingServiceAccountIsRefusedNamingTheField() {
    assertThatThrownBy(() -> admission.admitCreate(pod(PodSpec.newBuilder().setServiceAccountName("builder"))))
        .isInstanceOf(ApiError.class)
        .hasMessage("pods \"web\" is forbidden: error looking up service account ns/builder: serviceaccount \"builder\" not found")
        .satisfies(e -> assertThat(((ApiError) e).causes().get(0).getField()).isEqualTo("spec.serviceAccountName"));
  }

  @Test
  void admittingTwiceAddsNoSecondVolume() {
    Pod once = admission.admitCreate(pod(PodSpec.newBuilder()));
    assertThat(admission.admitCreate(once)).isEqualTo(once);
  }
}
