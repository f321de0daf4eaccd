package io.kava.apiserver.validation;

import static io.kava.apiserver.validation.ValidationTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Capabilities;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ExecAction;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Lifecycle;
import io.kava.api.core.v1.LifecycleHandler;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSecurityContext;
import io.kava.api.core.v1.SeccompProfile;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.core.v1.SleepAction;
import io.kava.api.core.v1.Sysctl;
import io.kava.api.meta.v1.IntOrString;
import io.kava.apiserver.testing.Fixtures;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** securityContext, lifecycle hooks and termination messages: upstream's paths and reasons. */
class ContainerSecurityValidationTest {
  private static Pod pod(UnaryOperator<Container.Builder> container) {
    Pod p = Fixtures.pod("default", "web");
    return p.toBuilder().setSpec(p.getSpec().toBuilder()
        .setContainers(0, container.apply(p.getSpec().getContainers(0).toBuilder()))).build();
  }

  private static Pod podContext(PodSecurityContext.Builder sc) {
    Pod p = Fixtures.pod("default", "web");
    return p.toBuilder().setSpec(p.getSpec().toBuilder().setSecurityContext(sc)).build();
  }

  private static LifecycleHandler exec(String command) {
    return LifecycleHandler.newBuilder().setExec(ExecAction.newBuilder().addCommand(command)).build();
  }

  @Test
  void aValidSecurityContextAndHooksPass() {
    assertThat(errors(pod(c -> c.setSecurityContext(SecurityContext.newBuilder().setRunAsUser(1000)
        .setRunAsGroup(3000).setRunAsNonRoot(true).setReadOnlyRootFilesystem(true).setAllowPrivilegeEscalation(false)
        .setCapabilities(Capabilities.newBuilder().addAdd("NET_ADMIN").addDrop("ALL"))
        .setSeccompProfile(SeccompProfile.newBuilder().setType("RuntimeDefault")))
        .setLifecycle(Lifecycle.newBuilder().setPreStop(exec("true"))
            .setPostStart(LifecycleHandler.newBuilder().setHttpGet(HTTPGetAction.newBuilder()
                .setPort(IntOrString.newBuilder().setIntVal(80)))))
        .setTerminationMessagePolicy("FallbackToLogsOnError")))).isEmpty();
    assertThat(errors(podContext(PodSecurityContext.newBuilder().setFsGroup(2000).addSupplementalGroups(4000)
        .addSysctls(Sysctl.newBuilder().setName("net.ipv4.ip_local_port_range").setValue("1024 65000"))))).isEmpty();
  }

  @Test
  void idsMustBeBetweenZeroAndMaxInt() {
    assertThat(errors(pod(c -> c.setSecurityContext(SecurityContext.newBuilder().setRunAsUser(-1).setRunAsGroup(-2)))))
        .containsExactly("spec.containers[0].securityContext.runAsUser FieldValueInvalid",
            "spec.containers[0].securityContext.runAsGroup FieldValueInvalid");
    assertThat(errors(podContext(PodSecurityContext.newBuilder().setRunAsUser(-1).setFsGroup(1L << 32)
        .addSupplementalGroups(1).addSupplementalGroups(-5))))
        .containsExactlyInAnyOrder("spec.securityContext.runAsUser FieldValueInvalid",
            "spec.securityContext.fsGroup FieldValueInvalid",
            "spec.securityContext.supplementalGroups[1] FieldValueInvalid");
  }

  @Test
  void capabilitiesMustBeNamesAndNoPrivilegeEscalationExcludesPrivileged() {
    assertThat(errors(pod(c -> c.setSecurityContext(SecurityContext.newBuilder()
        .setCapabilities(Capabilities.newBuilder().addAdd("NET_ADMIN").addAdd("net admin").addDrop("-ALL"))))))
        .containsExactly("spec.containers[0].securityContext.capabilities.add[1] FieldValueInvalid",
            "spec.containers[0].securityContext.capabilities.drop[0] FieldValueInvalid");
    assertThat(errors(pod(c -> c.setSecurityContext(SecurityContext.newBuilder().setPrivileged(true)
        .setAllowPrivilegeEscalation(false)))))
        .containsExactly("spec.containers[0].securityContext FieldValueInvalid");
    assertThat(errors(pod(c -> c.setSecurityContext(SecurityContext.newBuilder().setProcMount("Open")
        .setSeccompProfile(SeccompProfile.newBuilder().setType("Localhost"))))))
        .containsExactly("spec.containers[0].securityContext.procMount FieldValueNotSupported",
            "spec.containers[0].securityContext.seccompProfile.localhostProfile FieldValueRequired");
  }

  @Test
  void sysctlsNeedAValidNameOnceAndNotOnTheHostNetwork() {
    Pod p = podContext(PodSecurityContext.newBuilder()
        .addSysctls(Sysctl.newBuilder().setName("net.core.somaxconn").setValue("1024"))
        .addSysctls(Sysctl.newBuilder().setName("Net..bad").setValue("1"))
        .addSysctls(Sysctl.newBuilder().setName("net.core.somaxconn").setValue("2048")));
    assertThat(errors(p)).containsExactly("spec.securityContext.sysctls[1].name FieldValueInvalid",
        "spec.securityContext.sysctls[2].name FieldValueDuplicate");
    Pod host = p.toBuilder().setSpec(p.getSpec().toBuilder().setHostNetwork(true).setSecurityContext(
        PodSecurityContext.newBuilder().addSysctls(Sysctl.newBuilder().setName("net.core.somaxconn").setValue("1"))))
        .build();
    assertThat(errors(host)).containsExactly("spec.securityContext.sysctls[0].name FieldValueInvalid");
  }

  @Test
  void aHookHasExactlyOneAction() {
    assertThat(errors(pod(c -> c.setLifecycle(Lifecycle.newBuilder().setPreStop(LifecycleHandler.newBuilder())))))
        .containsExactly("spec.containers[0].lifecycle.preStop FieldValueRequired");
    LifecycleHandler two = exec("true").toBuilder().setHttpGet(HTTPGetAction.newBuilder()
        .setPort(IntOrString.newBuilder().setIntVal(80))).build();
    assertThat(errors(pod(c -> c.setLifecycle(Lifecycle.newBuilder().setPostStart(two)))))
        .containsExactly("spec.containers[0].lifecycle.postStart.httpGet FieldValueForbidden");
    assertThat(errors(pod(c -> c.setLifecycle(Lifecycle.newBuilder().setPreStop(LifecycleHandler.newBuilder()
        .setExec(ExecAction.newBuilder()))))))
        .containsExactly("spec.containers[0].lifecycle.preStop.exec.command FieldValueRequired");
    // A sleep may not outlast the grace period (30 s by default).
    assertThat(errors(pod(c -> c.setLifecycle(Lifecycle.newBuilder().setPreStop(LifecycleHandler.newBuilder()
        .setSleep(SleepAction.newBuilder().setSeconds(31)))))))
        .containsExactly("spec.containers[0].lifecycle.preStop.sleep FieldValueInvalid");
  }

  @Test
  void terminationMessagePolicyIsFileOrFallbackToLogsOnError() {
    assertThat(errors(pod(c -> c.setTerminationMessagePolicy("Logs"))))
        .containsExactly("spec.containers[0].terminationMessagePolicy FieldValueNotSupported");
  }
}
