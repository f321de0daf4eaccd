package io.kava.kubectl.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.policy.v1.PodDisruptionBudgetSpec;
import io.kava.api.policy.v1.PodDisruptionBudgetStatus;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `get pdb` and `describe pdb` as kubectl prints them. */
class PodDisruptionBudgetPrintingTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private void seed() {
    api.seed(PodDisruptionBudget.newBuilder().setMetadata(Objects.meta("default", "web", Duration.ofMinutes(5)))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setMinAvailable(IntOrString.newBuilder().setIntVal(2))
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web")))
        .setStatus(PodDisruptionBudgetStatus.newBuilder().setDisruptionsAllowed(1).setCurrentHealthy(3)
            .setDesiredHealthy(2).setExpectedPods(3))
        .build());
    api.seed(PodDisruptionBudget.newBuilder().setMetadata(Objects.meta("default", "db", Duration.ofHours(2)))
        .setSpec(PodDisruptionBudgetSpec.newBuilder().setMaxUnavailable(IntOrString.newBuilder().setStrVal("50%"))
            .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "db")))
        .build());
  }

  @Test
  void getShowsKubectlsColumns() {
    seed();
    Result r = cli.run("get", "pdb");
    assertThat(r.out()).isEqualTo("""
        NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE
        db     N/A             50%               0                     120m
        web    2               N/A               1                     5m
        """);
  }

  @Test
  void describeShowsTheBudgetAndItsStatus() {
    seed();
    Result r = cli.run("describe", "poddisruptionbudget", "web");
    assertThat(r.out()).isEqualTo("""
        Name:           web
        Namespace:      default
        Min available:  2
        Selector:       app=web
        Status:
            Allowed disruptions:  1
            Current:              3
            Desired:              2
            Total:                3
        Events:                   <none>
        """);
  }
}
