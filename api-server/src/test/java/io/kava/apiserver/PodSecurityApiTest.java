package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Capabilities;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSecurityContext;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.SeccompProfile;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.WarningPrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PodSecurity admission through the API: enforce refuses and stores nothing, warn admits and warns the caller. */
class PodSecurityApiTest {
  private final InProcessApi api = new InProcessApi();

  @AfterEach
  void stop() {
    api.close();
  }

  private void namespace(String name, String label, String level) {
    api.client.resource(Namespace.class).create(Namespace.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName(name).putLabels(label, level)).build());
    // Admission reads the namespace's labels from the watch cache, with a storage fallback.
    await().atMost(Duration.ofSeconds(5)).until(() -> api.client.resource(Namespace.class).get("", name) != null);
  }

  private static Pod pod(String ns, String name, PodSpec.Builder spec) {
    return Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName(name)).setSpec(spec).build();
  }

  private static PodSpec.Builder privileged() {
    return PodSpec.newBuilder().addContainers(Container.newBuilder().setName("c").setImage("busybox")
        .setSecurityContext(SecurityContext.newBuilder().setPrivileged(true)));
  }

  @Test
  void aRestrictedNamespaceRefusesAPrivilegedPodAndStoresNothingButTakesACompliantOne() {
    namespace("locked", "pod-security.kubernetes.io/enforce", "restricted");
    assertThatThrownBy(() -> api.client.resource(Pod.class).create(pod("locked", "bad", privileged())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("Forbidden"))
        .hasMessageContaining("pods \"bad\" is forbidden: violates PodSecurity \"restricted:latest\": ")
        .hasMessageContaining("privileged (container \"c\" must not set securityContext.privileged=true)");
    assertThat(api.storage.save().data().keySet()).noneMatch(key -> key.contains("/pods/locked/"));
    assertThatThrownBy(() -> api.client.resource(Pod.class).get("locked", "bad"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());

    PodSpec.Builder compliant = PodSpec.newBuilder()
        .setSecurityContext(PodSecurityContext.newBuilder().setRunAsNonRoot(true)
            .setSeccompProfile(SeccompProfile.newBuilder().setType("RuntimeDefault")))
        .addContainers(Container.newBuilder().setName("c").setImage("busybox")
            .setSecurityContext(SecurityContext.newBuilder().setAllowPrivilegeEscalation(false)
                .setCapabilities(Capabilities.newBuilder().addDrop("ALL"))));
    api.client.resource(Pod.class).create(pod("locked", "good", compliant));
    assertThat(api.client.resource(Pod.class).get("locked", "good").getMetadata().getName()).isEqualTo("good");
  }

  @Test
  void aWarnNamespaceAdmitsThePodAndTheCallCarriesTheWarning() {
    namespace("watched", "pod-security.kubernetes.io/warn", "baseline");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    api.client.withInterceptors(new WarningPrinter(new PrintStream(err, true, StandardCharsets.UTF_8)))
        .resource(Pod.class).create(pod("watched", "loud", privileged()));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Warning: would violate PodSecurity \"baseline:latest\": "
        + "privileged (container \"c\" must not set securityContext.privileged=true)" + System.lineSeparator());
    assertThat(api.client.resource(Pod.class).get("watched", "loud")).isNotNull();
  }
}
