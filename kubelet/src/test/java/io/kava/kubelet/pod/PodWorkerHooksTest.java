package io.kava.kubelet.pod;

import static io.kava.kubelet.testing.TestPods.container;
import static io.kava.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ExecAction;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Lifecycle;
import io.kava.api.core.v1.LifecycleHandler;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.SleepAction;
import io.kava.api.meta.v1.IntOrString;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.testing.PodWorkerHarness;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** postStart and preStop hooks as upstream runs them, on the fake engine (hook sleeps move the clock). */
class PodWorkerHooksTest {
  private PodWorkerHarness h;
  private HttpServer server;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  private static LifecycleHandler exec(String... command) {
    return LifecycleHandler.newBuilder().setExec(ExecAction.newBuilder().addAllCommand(List.of(command))).build();
  }

  private static LifecycleHandler sleep(long seconds) {
    return LifecycleHandler.newBuilder().setSleep(SleepAction.newBuilder().setSeconds(seconds)).build();
  }

  private static Container withPreStop(LifecycleHandler hook) {
    return container("app", "sleep", "3600").toBuilder().setLifecycle(Lifecycle.newBuilder().setPreStop(hook)).build();
  }

  private static Container withPostStart(LifecycleHandler hook) {
    return container("app", "sleep", "3600").toBuilder().setLifecycle(Lifecycle.newBuilder().setPostStart(hook))
        .build();
  }

  private Pod withGrace(Pod p, long seconds) {
    return p.toBuilder().setSpec(p.getSpec().toBuilder().setTerminationGracePeriodSeconds(seconds)).build();
  }

  private void delete(long graceSeconds) {
    Pod running = h.api.pod();
    h.api.replace(running.toBuilder().setMetadata(running.getMetadata().toBuilder()
        .setDeletionTimestamp("2026-11-25T10:01:00Z").setDeletionGracePeriodSeconds(graceSeconds)).build());
    h.sync();
  }

  @Test
  void preStopExecRunsInTheContainerBeforeItIsStopped() {
    h = new PodWorkerHarness(withGrace(pod("web", PodWorkerHarness.NODE, withPreStop(exec("sh", "-c", "echo bye"))), 30));
    h.sync();
    String app = h.latest("app").id();
    h.runtime.operations.clear();

    delete(30);
    assertThat(h.runtime.operations).startsWith("exec " + app + " sh -c echo bye", "stop " + app + " 30s");
    assertThat(h.events.events).contains("Normal Killing Stopping container app").doesNotContain("Warning FailedPreStopHook PreStopHook failed");
    assertThat(h.api.deletes).isEqualTo(1);
  }

  @Test
  void preStopSleepDelaysTheStopAndTheRestOfTheGraceGoesToSigterm() {
    h = new PodWorkerHarness(withGrace(pod("web", PodWorkerHarness.NODE, withPreStop(sleep(5))), 30));
    h.sync();
    String app = h.latest("app").id();

    delete(30);
    assertThat(h.sleeps).containsExactly(Duration.ofSeconds(5));
    assertThat(h.runtime.operations).contains("stop " + app + " 25s");
  }

  @Test
  void aPreStopLongerThanTheGracePeriodIsCutAndTheContainerStillGetsTwoSeconds() {
    h = new PodWorkerHarness(withGrace(pod("web", PodWorkerHarness.NODE, withPreStop(sleep(60))), 10));
    h.sync();
    String app = h.latest("app").id();

    delete(10);
    assertThat(h.sleeps).containsExactly(Duration.ofSeconds(10));
    assertThat(h.runtime.operations).contains("stop " + app + " 2s");
    assertThat(h.events.reasons()).doesNotContain("FailedPreStopHook");
  }

  @Test
  void aForcedDeletionSkipsThePreStopHook() {
    h = new PodWorkerHarness(withGrace(pod("web", PodWorkerHarness.NODE, withPreStop(sleep(5))), 30));
    h.sync();
    delete(0);
    assertThat(h.sleeps).isEmpty();
    assertThat(h.runtime.all()).isEmpty();
  }

  @Test
  void aFailedPreStopHookGivesAnEventAndTheContainerIsStoppedAnyway() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, withPreStop(exec("false"))));
    h.runtime.execHandler(cmd -> new ExecResult(1, "nope", false));
    h.sync();
    delete(2);
    assertThat(h.events.events).contains("Warning FailedPreStopHook PreStopHook failed");
    assertThat(h.runtime.all()).isEmpty();
  }

  @Test
  void preStopHttpGetIsSentBeforeTheStop() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(500, -1); // upstream ignores the status code of a hook
      exchange.close();
    });
    server.start();
    LifecycleHandler hook = LifecycleHandler.newBuilder().setHttpGet(HTTPGetAction.newBuilder().setHost("127.0.0.1")
        .setPath("/shutdown").setPort(IntOrString.newBuilder().setIntVal(server.getAddress().getPort()))).build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, withPreStop(hook)));
    h.sync();

    delete(2);
    assertThat(requests).containsExactly("/shutdown");
    assertThat(h.events.reasons()).doesNotContain("FailedPreStopHook");
  }

  @Test
  void aLivenessKillRunsThePreStopHookToo() {
    Container c = withPreStop(exec("sh", "-c", "echo bye")).toBuilder().setLivenessProbe(io.kava.api.core.v1.Probe
        .newBuilder().setExec(ExecAction.newBuilder().addCommand("check")).setFailureThreshold(1)).build();
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, c));
    h.runtime.execHandler(cmd -> new ExecResult(cmd.get(0).equals("check") ? 1 : 0, "", false));
    h.sync();
    String app = h.latest("app").id();
    h.probes.probeAllNow();
    h.runtime.operations.clear();
    h.sync();
    assertThat(h.runtime.operations).startsWith("exec " + app + " sh -c echo bye", "stop " + app + " 2s");
    assertThat(h.events.events).contains("Normal Killing Container app failed liveness probe, will be restarted");
  }

  @Test
  void postStartRunsRightAfterTheStart() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, withPostStart(exec("sh", "-c", "touch /ready"))));
    h.sync();
    String app = h.latest("app").id();
    assertThat(h.runtime.operations).contains("exec " + app + " sh -c touch /ready");
    assertThat(h.latest("app").running()).isTrue();
    assertThat(h.containerStatus("app").getState().hasRunning()).isTrue();
  }

  @Test
  void aFailedPostStartHookKillsTheContainerAndThePolicyRestartsIt() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, withPostStart(exec("false"))));
    h.runtime.execHandler(cmd -> new ExecResult(1, "", false));
    h.sync();

    assertThat(h.events.events).contains("Warning FailedPostStartHook PostStartHook failed",
        "Normal Killing FailedPostStartHook");
    assertThat(h.latest("app").exited()).isTrue();
    assertThat(h.containerStatus("app").getState().getWaiting().getReason()).isEqualTo("PostStartHookError");
    assertThat(h.containerStatus("app").getState().getWaiting().getMessage())
        .startsWith("Exec lifecycle hook ([false]) for Container \"app\" in Pod \"web_default(");

    h.sync();
    assertThat(h.runtime.named("app")).hasSize(2);
  }

  @Test
  void postStartSleepWaitsBeforeTheSyncGoesOn() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, withPostStart(sleep(3))));
    h.sync();
    assertThat(h.sleeps).containsExactly(Duration.ofSeconds(3));
    assertThat(h.events.reasons()).doesNotContain("FailedPostStartHook");
  }
}
