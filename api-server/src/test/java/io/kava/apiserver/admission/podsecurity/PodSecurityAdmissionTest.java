package io.kava.apiserver.admission.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Capabilities;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSecurityContext;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.SeccompProfile;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.core.v1.Sysctl;
import io.kava.api.core.v1.Volume;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodSecurityAdmissionTest {
  private final List<String> warnings = new ArrayList<>();

  private PodSecurityAdmission admission(Map<String, String> labels) {
    Namespace ns = Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("team").putAllLabels(labels)).build();
    return new PodSecurityAdmission(name -> name.equals("team") ? Optional.of(ns) : Optional.empty(), warnings::add);
  }

  private static Pod pod(PodSpec.Builder spec) {
    return Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("x").setNamespace("team")).setSpec(spec).build();
  }

  private static PodSpec.Builder plain() {
    return PodSpec.newBuilder().addContainers(Container.newBuilder().setName("c").setImage("busybox"));
  }

  private static PodSpec.Builder compliant() {
    return PodSpec.newBuilder()
        .setSecurityContext(PodSecurityContext.newBuilder().setRunAsNonRoot(true)
            .setSeccompProfile(SeccompProfile.newBuilder().setType("RuntimeDefault")))
        .addContainers(Container.newBuilder().setName("c").setImage("busybox")
            .setSecurityContext(SecurityContext.newBuilder().setAllowPrivilegeEscalation(false)
                .setCapabilities(Capabilities.newBuilder().addDrop("ALL").addAdd("NET_BIND_SERVICE"))));
  }

  @Test
  void restrictedRefusesAPlainPodWithUpstreamsMessage() {
    assertThatThrownBy(() -> admission(Map.of(PodSecurityAdmission.ENFORCE, "restricted")).beginCreate(pod(plain()), false))
        .isInstanceOf(ApiError.class)
        .hasMessage("pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": "
            + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), "
            + "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), "
            + "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), "
            + "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
  }

  @Test
  void restrictedTakesACompliantPod() {
    Pod pod = pod(compliant());
    assertThat(admission(Map.of(PodSecurityAdmission.ENFORCE, "restricted")).beginCreate(pod, false).object()).isEqualTo(pod);
  }

  @Test
  void baselineRefusesHostNamespacesPrivilegedHostPathAndHostPorts() {
    PodSpec.Builder spec = PodSpec.newBuilder().setHostNetwork(true).setHostPid(true)
        .addVolumes(Volume.newBuilder().setName("root").setHostPath(HostPathVolumeSource.newBuilder().setPath("/")))
        .addContainers(Container.newBuilder().setName("a").setImage("busybox")
            .addPorts(ContainerPort.newBuilder().setContainerPort(80).setHostPort(8080))
            .setSecurityContext(SecurityContext.newBuilder().setPrivileged(true)
                .setCapabilities(Capabilities.newBuilder().addAdd("NET_ADMIN").addAdd("CHOWN"))));
    assertThatThrownBy(() -> admission(Map.of(PodSecurityAdmission.ENFORCE, "baseline",
        PodSecurityAdmission.ENFORCE + "-version", "v1.32")).beginCreate(pod(spec), false))
        .hasMessage("pods \"x\" is forbidden: violates PodSecurity \"baseline:v1.32\": "
            + "non-default capabilities (container \"a\" must not include \"NET_ADMIN\" in securityContext.capabilities.add), "
            + "host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume \"root\"), "
            + "hostPort (container \"a\" uses hostPort 8080), "
            + "privileged (container \"a\" must not set securityContext.privileged=true)");
  }

  @Test
  void baselineRefusesUnconfinedSeccompUnmaskedProcAndUnsafeSysctls() {
    PodSpec.Builder spec = PodSpec.newBuilder()
        .setSecurityContext(PodSecurityContext.newBuilder()
            .setSeccompProfile(SeccompProfile.newBuilder().setType("Unconfined"))
            .addSysctls(Sysctl.newBuilder().setName("kernel.msgmax").setValue("1"))
            .addSysctls(Sysctl.newBuilder().setName("net.ipv4.tcp_syncookies").setValue("1")))
        .addContainers(Container.newBuilder().setName("a").setImage("busybox")
            .setSecurityContext(SecurityContext.newBuilder().setProcMount("Unmasked")));
    assertThat(PodSecurityChecks.check(PodSecurityLevel.BASELINE, spec.build())).extracting(Object::toString).containsExactly(
        "procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")",
        "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")",
        "forbidden sysctls (kernel.msgmax)");
  }

  @Test
  void baselineTakesAPlainPodAndPrivilegedTakesAnything() {
    assertThat(PodSecurityChecks.check(PodSecurityLevel.BASELINE, plain().build())).isEmpty();
    assertThat(PodSecurityChecks.check(PodSecurityLevel.PRIVILEGED, plain().setHostNetwork(true).build())).isEmpty();
  }

  @Test
  void restrictedNamesEveryOffendingContainerAndTheAddedCapability() {
    PodSpec.Builder spec = compliant();
    spec.addContainers(Container.newBuilder().setName("d").setImage("busybox")
        .setSecurityContext(SecurityContext.newBuilder().setAllowPrivilegeEscalation(true)
            .setRunAsUser(0).setCapabilities(Capabilities.newBuilder().addAdd("SYS_TIME"))));
    assertThat(PodSecurityChecks.check(PodSecurityLevel.RESTRICTED, spec.build())).extracting(Object::toString).containsExactly(
        "allowPrivilegeEscalation != false (container \"d\" must set securityContext.allowPrivilegeEscalation=false)",
        "non-default capabilities (container \"d\" must not include \"SYS_TIME\" in securityContext.capabilities.add)",
        "unrestricted capabilities (container \"d\" must set securityContext.capabilities.drop=[\"ALL\"]; "
            + "container \"d\" must not include \"SYS_TIME\" in securityContext.capabilities.add)",
        "runAsUser=0 (container \"d\" must not set runAsUser=0)");
  }

  @Test
  void warnModeWarnsAndAdmits() {
    Pod pod = pod(plain().setHostIpc(true));
    admission(Map.of(PodSecurityAdmission.WARN, "baseline")).beginCreate(pod, false);
    assertThat(warnings).containsExactly("would violate PodSecurity \"baseline:latest\": host namespaces (hostIPC=true)");
  }

  @Test
  void aNamespaceWithoutLabelsAdmitsEverything() {
    Pod pod = pod(plain().setHostNetwork(true));
    assertThat(admission(Map.of()).beginCreate(pod, false).object()).isEqualTo(pod);
    assertThat(warnings).isEmpty();
  }

  @Test
  void anUnknownLevelIsEvaluatedAsRestricted() {
    assertThatThrownBy(() -> admission(Map.of(PodSecurityAdmission.ENFORCE, "strict")).beginCreate(pod(plain()), false))
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }
}
