package io.kava.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.scheduling.v1.PriorityClass;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PriorityClass through the API and the Priority admission of pods (upstream plugin/pkg/admission/priority):
 * system classes, field errors, one global default, a pod's priority resolved from its class. One API
 * server for the class; the test that makes a global default removes it again.
 */
class PriorityClassStrategyTest {
  private static InProcessApi api;

  @BeforeAll
  static void start() {
    api = new InProcessApi();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> api.client.resource(PriorityClass.class).get("", "system-node-critical") != null);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static PriorityClass priorityClass(String name, int value, UnaryOperator<PriorityClass.Builder> more) {
    return more.apply(PriorityClass.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).setValue(value))
        .build();
  }

  private static Pod pod(String name, UnaryOperator<PodSpec.Builder> spec) {
    return Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(name))
        .setSpec(spec.apply(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("app").setImage("busybox"))))
        .build();
  }

  private static ApiException refused(Runnable write) {
    try {
      write.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("the write was accepted");
  }

  @Test
  void theSystemClassesExistAsUpstreams() {
    PriorityClass node = api.client.resource(PriorityClass.class).get("", "system-node-critical");
    PriorityClass cluster = api.client.resource(PriorityClass.class).get("", "system-cluster-critical");
    assertThat(node.getValue()).isEqualTo(2000001000);
    assertThat(cluster.getValue()).isEqualTo(2000000000);
    assertThat(cluster.getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    assertThat(cluster.getGlobalDefault()).isFalse();
  }

  @Test
  void aPodGetsTheValueAndPolicyOfItsClass() {
    api.client.resource(PriorityClass.class).create(priorityClass("batch-low", 100, b -> b.setPreemptionPolicy("Never")));

    Pod pod = api.client.resource(Pod.class).create(pod("low", s -> s.setPriorityClassName("batch-low")));

    assertThat(pod.getSpec().getPriority()).isEqualTo(100);
    assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("Never");
    Pod critical = api.client.resource(Pod.class).create(pod("critical",
        s -> s.setPriorityClassName("system-node-critical")));
    assertThat(critical.getSpec().getPriority()).isEqualTo(2000001000);
  }

  @Test
  void aPodNamingNoClassGetsPriorityZeroOrTheGlobalDefault() {
    Pod plain = api.client.resource(Pod.class).create(pod("plain", s -> s));
    assertThat(plain.getSpec().getPriority()).isZero();
    assertThat(plain.getSpec().hasPriority()).isTrue();
    assertThat(plain.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    assertThat(plain.getSpec().getPriorityClassName()).isEmpty();

    api.client.resource(PriorityClass.class).create(priorityClass("everyone", 7, b -> b.setGlobalDefault(true)));
    try {
      await().atMost(Duration.ofSeconds(10)).until(() ->
          api.client.resource(Pod.class).create(pod("defaulted-" + System.nanoTime(), s -> s)).getSpec().getPriority() == 7);
      ApiException second = refused(() -> api.client.resource(PriorityClass.class)
          .create(priorityClass("another-default", 8, b -> b.setGlobalDefault(true))));
      assertThat(second.getMessage()).contains("PriorityClass everyone is already marked as default. Only one default can exist");
    } finally {
      api.client.resource(PriorityClass.class).delete("", "everyone");
    }
  }

  @Test
  void anUnknownClassOrAStatedPriorityIsRefusedAndNothingStored() {
    ApiException unknown = refused(() -> api.client.resource(Pod.class).create(pod("lost",
        s -> s.setPriorityClassName("no-such-class"))));
    assertThat(unknown.getMessage()).contains("no PriorityClass with name no-such-class was found");
    ApiException stated = refused(() -> api.client.resource(Pod.class).create(pod("stated", s -> s.setPriority(5))));
    assertThat(stated.getMessage()).contains("the integer value of priority (5) must not be provided in pod spec");
    assertThatThrownBy(() -> api.client.resource(Pod.class).get("default", "lost")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> api.client.resource(Pod.class).get("default", "stated")).isInstanceOf(ApiException.class);
  }

  @Test
  void badClassesGetFieldErrorsNamingThePath() {
    ApiException reserved = refused(() -> api.client.resource(PriorityClass.class)
        .create(priorityClass("system-mine", 5, b -> b)));
    assertThat(reserved.getMessage()).contains("metadata.name").contains("reserved for system use only");
    int writes = api.storage.writes();
    ApiException tooHigh = refused(() -> api.client.resource(PriorityClass.class)
        .create(priorityClass("too-high", 1_000_000_001, b -> b)));
    assertThat(tooHigh.getMessage()).contains("value").contains("maximum allowed value of a user defined priority is 1000000000");
    assertThat(api.storage.writes()).as("nothing stored").isEqualTo(writes);
    ApiException policy = refused(() -> api.client.resource(PriorityClass.class)
        .create(priorityClass("odd-policy", 5, b -> b.setPreemptionPolicy("Sometimes"))));
    assertThat(policy.getMessage()).contains("preemptionPolicy").contains("Unsupported value");

    PriorityClass fixed = api.client.resource(PriorityClass.class).create(priorityClass("fixed", 10, b -> b));
    ApiException changed = refused(() -> api.client.resource(PriorityClass.class).update(fixed.toBuilder().setValue(11).build()));
    assertThat(changed.getMessage()).contains("value").contains("may not be changed in an update.");
  }

  @Test
  void anUpdateKeepsThePriorityAdmissionSet() {
    Pod created = api.client.resource(Pod.class).create(pod("kept", s -> s));
    Pod sent = created.toBuilder().setSpec(created.getSpec().toBuilder().clearPriority().setPreemptionPolicy(""))
        .setMetadata(created.getMetadata().toBuilder().putLabels("touched", "yes")).build();

    Pod updated = api.client.resource(Pod.class).update(sent);

    assertThat(updated.getSpec().hasPriority()).isTrue();
    assertThat(updated.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
  }
}
