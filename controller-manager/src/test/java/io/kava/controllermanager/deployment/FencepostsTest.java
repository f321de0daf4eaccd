package io.kava.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.DeploymentStrategy;
import io.kava.api.apps.v1.RollingUpdateDeployment;
import io.kava.api.meta.v1.IntOrString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FencepostsTest {
  private static IntOrString value(String v) {
    return v.endsWith("%") || !v.matches("-?\\d+") ? IntOrString.newBuilder().setStrVal(v).build()
        : IntOrString.newBuilder().setIntVal(Integer.parseInt(v)).build();
  }

  /** Upstream ResolveFenceposts: surge rounds up, unavailable rounds down, both 0 makes unavailable 1. */
  @ParameterizedTest(name = "surge {0}, unavailable {1} of {2} -> {3}, {4}")
  @CsvSource({
      "25%, 25%, 3, 1, 0",
      "25%, 25%, 4, 1, 1",
      "25%, 25%, 10, 3, 2",
      "39%, 39%, 10, 4, 3",
      "0%, 0%, 0, 0, 1",
      "0%, 0%, 10, 0, 1",
      "0, 0, 3, 0, 1",
      "1, 0, 3, 1, 0",
      "0, 1, 3, 0, 1",
      "1%, 1%, 1, 1, 0",
      "0%, 10%, 3, 0, 1",
      "100%, 0, 3, 3, 0",
      "3, 2, 10, 3, 2",
  })
  void resolvesLikeUpstream(String surge, String unavailable, int desired, int expectedSurge, int expectedUnavailable) {
    assertThat(Fenceposts.resolve(value(surge), value(unavailable), desired))
        .isEqualTo(new Fenceposts(expectedSurge, expectedUnavailable));
  }

  @Test
  void aStringThatIsNotAPercentageNamesTheField() {
    assertThatThrownBy(() -> Fenceposts.resolve(value("oops"), value("25%"), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spec.strategy.rollingUpdate.maxSurge: invalid value \"oops\": must be an integer or a percentage");
    assertThatThrownBy(() -> Fenceposts.resolve(value("1"), value("urg%"), 3))
        .hasMessageStartingWith("spec.strategy.rollingUpdate.maxUnavailable: invalid value \"urg%\"");
  }

  @Test
  void defaultsAreQuarterSurgeAndQuarterUnavailableAndMaxUnavailableNeverExceedsReplicas() {
    Deployment defaults = Deployment.newBuilder().setSpec(DeploymentSpec.newBuilder().setReplicas(4)).build();
    assertThat(Fenceposts.maxSurge(defaults)).isEqualTo(1);
    assertThat(Fenceposts.maxUnavailable(defaults)).isEqualTo(1);

    Deployment tooMany = Deployment.newBuilder().setSpec(DeploymentSpec.newBuilder().setReplicas(3)
        .setStrategy(DeploymentStrategy.newBuilder().setType("RollingUpdate").setRollingUpdate(
            RollingUpdateDeployment.newBuilder().setMaxSurge(value("0")).setMaxUnavailable(value("5"))))).build();
    assertThat(Fenceposts.maxUnavailable(tooMany)).isEqualTo(3);

    Deployment recreate = Deployment.newBuilder().setSpec(DeploymentSpec.newBuilder().setReplicas(3)
        .setStrategy(DeploymentStrategy.newBuilder().setType("Recreate"))).build();
    assertThat(Fenceposts.maxSurge(recreate)).isZero();
    assertThat(Fenceposts.maxUnavailable(recreate)).isZero();
  }
}
