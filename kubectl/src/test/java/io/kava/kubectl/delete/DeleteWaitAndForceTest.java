package io.kava.kubectl.delete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Pod;
import io.kava.client.Kinds;
import io.kava.kubectl.Env;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliException;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `delete --force`, `--now`, `--grace-period` as upstream reads them, and `--wait` for objects to be gone. */
class DeleteWaitAndForceTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void gracePeriodsAsUpstream() {
    assertThat(DeleteFlags.of(0, false, false, "background", false, true, Duration.ZERO).gracePeriodSeconds()).isEqualTo(1);
    assertThat(DeleteFlags.of(-1, true, false, "background", false, true, Duration.ZERO).gracePeriodSeconds()).isZero();
    assertThat(DeleteFlags.of(-1, true, false, "background", false, true, Duration.ZERO).forced()).isTrue();
    assertThat(DeleteFlags.of(5, true, false, "background", false, true, Duration.ZERO).forced()).isFalse();
    assertThat(DeleteFlags.of(-1, false, true, "background", false, true, Duration.ZERO).gracePeriodSeconds()).isEqualTo(1);
    assertThat(DeleteFlags.of(-1, false, false, "background", false, true, Duration.ZERO).waitTimeout())
        .isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> DeleteFlags.of(3, false, true, "background", false, true, Duration.ZERO))
        .isInstanceOf(CliException.class).hasMessage("error: --now and --grace-period cannot be specified together");
  }

  @Test
  void forcePrintsKubectlsWarningAndForceDeleted() {
    api.seed(Objects.pod("default", "web", Duration.ofMinutes(1)));

    Result r = cli.run("delete", "pod", "web", "--force");

    assertThat(r.err()).isEqualTo("Warning: Immediate deletion does not wait for confirmation that the running "
        + "resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    assertThat(r.out()).isEqualTo("pod \"web\" force deleted\n");
  }

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Deleter deleter(Duration timeout) {
    Env env = new Env(Map.of(), Path.of("/nonexistent"), System.in, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), server -> api.client());
    return new Deleter(new Session(env, null, null), DeleteFlags.of(-1, false, false, "background", false, true, timeout));
  }

  private Pod pod(String uid) {
    Pod p = Objects.pod("default", "web", Duration.ofMinutes(1));
    return p.toBuilder().setMetadata(p.getMetadata().toBuilder().setUid(uid)).build();
  }

  @Test
  void waitEndsWhenThePodIsGoneOrAnotherTookItsName() throws Exception {
    api.seed(pod("u1"));
    Deleter deleter = deleter(Duration.ofSeconds(20));
    assertThat(deleter.deleteNamed(List.of(new Target(Kinds.POD, List.of("web"))))).isZero();
    api.seed(pod("u1")); // still terminating on its kubelet

    CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(deleter::awaitDeletions);
    Thread.sleep(500);
    assertThat(waiting).isNotDone();
    api.seed(pod("u2")); // gone, and a new pod of that name
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aTimeoutEndsTheWaitWithUpstreamsLine() {
    api.seed(pod("u1"));
    Deleter deleter = deleter(Duration.ofMillis(300));
    deleter.deleteNamed(List.of(new Target(Kinds.POD, List.of("web"))));
    api.seed(pod("u1"));

    assertThat(deleter.awaitDeletions()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: timed out waiting for the condition on pods/web\n");
  }

  @Test
  void waitFalseDoesNotWait() {
    api.seed(pod("u1"));

    Result r = cli.run("delete", "pod", "web", "--wait=false");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("pod \"web\" deleted\n");
  }
}
