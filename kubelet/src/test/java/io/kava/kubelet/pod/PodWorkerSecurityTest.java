package io.kava.kubelet.pod;

import static io.kava.kubelet.testing.TestPods.container;
import static io.kava.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Capabilities;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSecurityContext;
import io.kava.api.core.v1.SeccompProfile;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.core.v1.Sysctl;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.testing.PodWorkerHarness;
import io.kava.kubelet.testing.TestPods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** securityContext as Docker settings, and runAsNonRoot's refusals, on the fake engine. */
class PodWorkerSecurityTest {
  private PodWorkerHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  private static Container secured(SecurityContext.Builder sc) {
    return container("app", "sleep", "3600").toBuilder().setSecurityContext(sc).build();
  }

  private static Pod withPodContext(Pod p, PodSecurityContext.Builder sc) {
    return p.toBuilder().setSpec(p.getSpec().toBuilder().setSecurityContext(sc)).build();
  }

  private ContainerConfig.Security security(String container) {
    return h.runtime.config(h.latest(container).id()).security();
  }

  @Test
  void containerFieldsBecomeDockerSettings() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, secured(SecurityContext.newBuilder()
        .setRunAsUser(1000).setRunAsGroup(3000).setReadOnlyRootFilesystem(true).setAllowPrivilegeEscalation(false)
        .setCapabilities(Capabilities.newBuilder().addAdd("NET_ADMIN").addDrop("ALL"))
        .setSeccompProfile(SeccompProfile.newBuilder().setType("Unconfined")))));
    h.sync();
    ContainerConfig.Security s = security("app");
    assertThat(s.user()).isEqualTo("1000:3000");
    assertThat(s.readOnlyRootfs()).isTrue();
    assertThat(s.privileged()).isFalse();
    assertThat(s.capAdd()).containsExactly("NET_ADMIN");
    assertThat(s.capDrop()).containsExactly("ALL");
    assertThat(s.securityOpts()).containsExactly("no-new-privileges", "seccomp=unconfined");
    assertThat(h.containerStatus("app").getState().hasRunning()).isTrue();
  }

  @Test
  void podFieldsApplyUnlessTheContainerSaysOtherwise() {
    Pod p = withPodContext(pod("web", PodWorkerHarness.NODE, container("a", "sleep", "3600"),
        secured(SecurityContext.newBuilder().setRunAsUser(2000).setPrivileged(true))),
        PodSecurityContext.newBuilder().setRunAsUser(1000).setRunAsGroup(100).setFsGroup(2000)
            .addSupplementalGroups(4000).addSysctls(Sysctl.newBuilder().setName("net.core.somaxconn").setValue("1024"))
            .addSysctls(Sysctl.newBuilder().setName("kernel.shm_rmid_forced").setValue("1")));
    h = new PodWorkerHarness(p);
    h.sync();
    assertThat(security("a").user()).isEqualTo("1000:100");
    assertThat(security("app").user()).isEqualTo("2000:100");
    assertThat(security("app").privileged()).isTrue();
    // fsGroup joins the supplemental groups, as upstream.
    assertThat(security("a").groupAdd()).containsExactly("2000", "4000");
    // net.* belongs to the sandbox's network namespace; the rest to each container's IPC namespace.
    ContainerConfig sandbox = h.runtime.config(h.runtime.named("POD").get(0).id());
    assertThat(sandbox.security().sysctls()).containsExactly(java.util.Map.entry("net.core.somaxconn", "1024"));
    assertThat(security("a").sysctls()).containsExactly(java.util.Map.entry("kernel.shm_rmid_forced", "1"));
  }

  @Test
  void aGroupWithoutAUserKeepsTheImagesUser() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, secured(SecurityContext.newBuilder().setRunAsGroup(5))));
    h.runtime.withImageUser(TestPods.IMAGE, "nobody:nogroup");
    h.sync();
    assertThat(security("app").user()).isEqualTo("nobody:5");
  }

  @Test
  void runAsNonRootRefusesAnImageThatRunsAsRoot() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, secured(SecurityContext.newBuilder().setRunAsNonRoot(true))));
    h.sync();
    var waiting = h.containerStatus("app").getState().getWaiting();
    assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(waiting.getMessage()).startsWith("container has runAsNonRoot and image will run as root (pod: \"web_default(")
        .endsWith(", container: app)");
    assertThat(h.runtime.named("app")).isEmpty();
    assertThat(h.events.events).anyMatch(e -> e.startsWith("Warning Failed Error: container has runAsNonRoot"));
  }

  @Test
  void runAsNonRootNeedsANumericImageUserOrARunAsUser() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, secured(SecurityContext.newBuilder().setRunAsNonRoot(true))));
    h.runtime.withImageUser(TestPods.IMAGE, "nobody");
    h.sync();
    assertThat(h.containerStatus("app").getState().getWaiting().getMessage())
        .startsWith("container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root");

    h.runtime.withImageUser(TestPods.IMAGE, "1000:1000");
    h.clock.advance(java.time.Duration.ofSeconds(11));
    h.sync();
    assertThat(h.containerStatus("app").getState().hasRunning()).isTrue();
    assertThat(security("app").user()).isEmpty(); // the image's own user
  }

  @Test
  void runAsNonRootWithRunAsUserZeroIsRefused() {
    Pod p = withPodContext(pod("web", PodWorkerHarness.NODE, secured(SecurityContext.newBuilder().setRunAsUser(0))),
        PodSecurityContext.newBuilder().setRunAsNonRoot(true));
    h = new PodWorkerHarness(p);
    h.sync();
    assertThat(h.containerStatus("app").getState().getWaiting().getMessage())
        .startsWith("container's runAsUser breaks non-root policy");
  }
}
