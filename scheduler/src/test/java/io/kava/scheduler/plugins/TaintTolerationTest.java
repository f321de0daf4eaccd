package io.kava.scheduler.plugins;

import io.kava.client.taints.Tolerations;
import static io.kava.scheduler.TestObjects.info;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static io.kava.scheduler.TestObjects.tainted;
import static io.kava.scheduler.TestObjects.toleration;
import static io.kava.scheduler.TestObjects.tolerating;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaintTolerationTest {
  private final TaintToleration filter = new TaintToleration();

  /** Upstream's ToleratesTaint, case by case. Columns: toleration key, operator, value, effect; expected. */
  @ParameterizedTest(name = "{0} {1} {2} {3} tolerates dedicated=gpu:NoSchedule: {4}")
  @CsvSource(value = {
      "dedicated, Equal, gpu,   NoSchedule, true",
      "dedicated, '',    gpu,   NoSchedule, true",   // empty operator means Equal
      "dedicated, Equal, cpu,   NoSchedule, false",  // other value
      "dedicated, Equal, '',    NoSchedule, false",
      "other,     Equal, gpu,   NoSchedule, false",  // other key
      "dedicated, Exists, '',   NoSchedule, true",   // Exists ignores the value
      "dedicated, Exists, '',   '',         true",   // empty effect matches every effect
      "dedicated, Equal, gpu,   '',         true",
      "dedicated, Exists, '',   NoExecute,  false",  // other effect
      "'',        Exists, '',   '',         true",   // empty key with Exists tolerates everything
      "'',        Exists, '',   NoExecute,  false",  // ... but still only the effect it names
      "dedicated, Bogus, gpu,   NoSchedule, false",  // unknown operator
  })
  void tolerationMatrix(String key, String operator, String value, String effect, boolean expected) {
    Taint taint = Taint.newBuilder().setKey("dedicated").setValue("gpu").setEffect("NoSchedule").build();

    assertThat(Tolerations.tolerates(toleration(key, operator, value, effect), taint)).isEqualTo(expected);
  }

  @Test
  void noScheduleAndNoExecuteMustBeTolerated() {
    var noSchedule = tainted(node("a"), "dedicated", "gpu", "NoSchedule");
    var noExecute = tainted(node("b"), "maintenance", "", "NoExecute");

    assertThat(filter.filter(pod("p"), info(noSchedule)).reasons())
        .containsExactly("node(s) had untolerated taint {dedicated: gpu}");
    assertThat(filter.filter(pod("p"), info(noExecute)).reasons())
        .containsExactly("node(s) had untolerated taint {maintenance: }");
  }

  @Test
  void preferNoScheduleDoesNotFilter() {
    var node = tainted(node("a"), "spot", "true", "PreferNoSchedule");

    assertThat(filter.filter(pod("p"), info(node)).isSuccess()).isTrue();
  }

  @Test
  void everyTaintMustBeToleratedAndTheFirstUntoleratedIsNamed() {
    var node = tainted(tainted(node("a"), "dedicated", "gpu", "NoSchedule"), "zone", "x", "NoExecute");
    Toleration gpu = toleration("dedicated", "Equal", "gpu", "NoSchedule");

    assertThat(filter.filter(tolerating(pod("p"), gpu), info(node)).reasons())
        .containsExactly("node(s) had untolerated taint {zone: x}");
    assertThat(filter.filter(tolerating(pod("p"), gpu, toleration("zone", "Exists", "", "")), info(node)).isSuccess())
        .isTrue();
  }

  @Test
  void anEmptyKeyExistsTolerationToleratesEveryTaint() {
    var node = tainted(tainted(node("a"), "dedicated", "gpu", "NoSchedule"), "zone", "x", "NoExecute");

    assertThat(filter.filter(tolerating(pod("p"), toleration("", "Exists", "", "")), info(node)).isSuccess()).isTrue();
  }
}
