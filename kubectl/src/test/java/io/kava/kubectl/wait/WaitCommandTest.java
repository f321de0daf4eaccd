package io.kava.kubectl.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.Kinds;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private static Pod pod(String name, String ready, String phase) {
    Pod p = Objects.pod("default", name, Duration.ofSeconds(5));
    return p.toBuilder().setStatus(p.getStatus().toBuilder().setPhase(phase)
        .addConditions(PodCondition.newBuilder().setType("Ready").setStatus(ready))).build();
  }

  @Test
  void aConditionAlreadyMetPrintsConditionMet() {
    api.seed(pod("web", "True", "Running"));

    Result r = cli.run("wait", "--for=condition=Ready", "pod/web");
    Result lower = cli.run("wait", "--for=condition=ready=true", "pods", "web");

    assertThat(r.out()).isEqualTo("pod/web condition met\n");
    assertThat(r.exitCode()).isZero();
    assertThat(lower.out()).isEqualTo("pod/web condition met\n");
  }

  @Test
  void aConditionNotMetTimesOutWithExitOne() {
    api.seed(pod("web", "False", "Pending"));

    Result r = cli.run("wait", "--for=condition=Ready", "pod/web", "--timeout=300ms");
    Result falseMet = cli.run("wait", "--for=condition=Ready=false", "pod/web", "--timeout=0");

    assertThat(r.err()).isEqualTo("error: timed out waiting for the condition on pods/web\n");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(falseMet.out()).isEqualTo("pod/web condition met\n");
  }

  @Test
  void waitsForAChangeThatMeetsTheCondition() {
    Pod pending = api.seed(pod("web", "False", "Pending"));
    CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(
        () -> cli.run("wait", "--for=jsonpath={.status.phase}=Running", "pod/web", "--timeout=20s"));

    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(300)).until(() -> {
      Pod now = (Pod) api.client().resource(Kinds.POD).get("default", "web");
      api.client().resource(Kinds.POD).updateStatus(now.toBuilder()
          .setStatus(pending.getStatus().toBuilder().setPhase("Running")).build());
      return true;
    });

    Result r = waiting.join();
    assertThat(r.out()).isEqualTo("pod/web condition met\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void forDeleteIsMetWhenTheObjectIsGone() {
    api.seed(pod("web", "True", "Running"));
    CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(
        () -> cli.run("wait", "--for=delete", "pod/web", "--timeout=20s"));

    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(300)).until(() -> {
      api.client().resource(Kinds.POD).delete("default", "web");
      return true;
    });

    assertThat(waiting.join().out()).isEqualTo("pod/web condition met\n");
  }

  @Test
  void allWaitsOnEveryObjectOfTheNamespace() {
    api.seed(pod("a", "True", "Running"));
    api.seed(pod("b", "True", "Running"));

    Result all = cli.run("wait", "--for=condition=Ready", "pods", "--all");
    Result none = cli.run("wait", "--for=condition=Ready", "pods", "--all", "-n", "empty");

    assertThat(all.out()).isEqualTo("pod/a condition met\npod/b condition met\n");
    assertThat(none.err()).isEqualTo("error: no matching resources found\n");
  }

  @Test
  void argumentMistakesAreOneLine() {
    Result noFor = cli.run("wait", "pod/web");
    Result bad = cli.run("wait", "--for=ready", "pod/web");
    Result noName = cli.run("wait", "--for=delete", "pods");
    Result missing = cli.run("wait", "--for=condition=Ready", "pod/ghost");

    assertThat(noFor.err()).startsWith("error: --for must be set to one of: delete, condition=");
    assertThat(bad.err()).isEqualTo("error: unrecognized condition: \"ready\"\n");
    assertThat(noName.err()).isEqualTo("error: resource(s) were provided, but no name was specified\n");
    assertThat(missing.err()).isEqualTo("Error from server (NotFound): pods \"ghost\" not found\n");
    assertThat(missing.exitCode()).isEqualTo(1);
  }
}
