package io.kava.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Toleration;
import io.kava.apiserver.registry.Strategies;
import io.kava.client.Kinds;
import org.junit.jupiter.api.Test;

class DefaultTolerationSecondsTest {
  private static Pod pod(Toleration... tolerations) {
    return Pod.newBuilder().setSpec(PodSpec.newBuilder().addAllTolerations(java.util.List.of(tolerations))).build();
  }

  private static Toleration exists(String key, String effect, long seconds) {
    return Toleration.newBuilder().setKey(key).setOperator("Exists").setEffect(effect).setTolerationSeconds(seconds).build();
  }

  @Test
  void aPodWithoutThemGetsBothTolerationsFor300Seconds() {
    Pod admitted = DefaultTolerationSeconds.defaults().admit(pod());
    assertThat(admitted.getSpec().getTolerationsList()).containsExactly(
        exists("node.kubernetes.io/not-ready", "NoExecute", 300),
        exists("node.kubernetes.io/unreachable", "NoExecute", 300));
  }

  @Test
  void theFlagsSetTheSeconds() {
    Pod admitted = new DefaultTolerationSeconds(5, 7).admit(pod());
    assertThat(admitted.getSpec().getTolerationsList()).extracting(Toleration::getTolerationSeconds).containsExactly(5L, 7L);
  }

  @Test
  void aTolerationThePodAlreadyHasIsKept() {
    Toleration own = exists("node.kubernetes.io/unreachable", "NoExecute", 6000);
    Pod admitted = DefaultTolerationSeconds.defaults().admit(pod(own));
    assertThat(admitted.getSpec().getTolerationsList()).containsExactly(own,
        exists("node.kubernetes.io/not-ready", "NoExecute", 300));
  }

  @Test
  void aTolerationOfEveryKeyOrEveryEffectCounts() {
    Toleration everything = Toleration.newBuilder().setOperator("Exists").build();
    assertThat(DefaultTolerationSeconds.defaults().admit(pod(everything)).getSpec().getTolerationsList())
        .containsExactly(everything);
    Toleration noScheduleOnly = Toleration.newBuilder().setKey("node.kubernetes.io/not-ready").setOperator("Exists")
        .setEffect("NoSchedule").build();
    assertThat(DefaultTolerationSeconds.defaults().admit(pod(noScheduleOnly)).getSpec().getTolerationsList())
        .as("a NoSchedule toleration does not cover NoExecute").hasSize(3);
  }

  @Test
  void podCreationRunsTheAdmission() {
    Pod created = (Pod) new Strategies(new DefaultTolerationSeconds(5, 5)).of(Kinds.POD).prepareForCreate(pod());
    assertThat(created.getSpec().getTolerationsList()).extracting(Toleration::getTolerationSeconds).containsExactly(5L, 5L);
  }
}
