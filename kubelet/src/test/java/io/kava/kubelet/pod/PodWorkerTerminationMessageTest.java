package io.kava.kubelet.pod;

import static io.kava.kubelet.testing.TestPods.container;
import static io.kava.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.testing.PodWorkerHarness;
import io.kava.kubelet.testing.TestPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** terminationMessagePath and terminationMessagePolicy, on the fake engine. */
class PodWorkerTerminationMessageTest {
  private PodWorkerHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  private static Container withMessage(String policy) {
    return container("app", "sh", "-c", "exit 3").toBuilder().setTerminationMessagePath("/dev/termination-log")
        .setTerminationMessagePolicy(policy).build();
  }

  private Path logFile() {
    ContainerConfig config = h.runtime.config(h.latest("app").id());
    return Path.of(config.mounts().stream().filter(m -> m.containerPath().equals("/dev/termination-log"))
        .findFirst().orElseThrow().hostPath());
  }

  @Test
  void eachRunGetsAnEmptyWritableFileWhoseTextIsTheTerminatedMessage() throws Exception {
    h = new PodWorkerHarness(TestPods.withRestartPolicy(pod("web", PodWorkerHarness.NODE, withMessage("File")),
        "Never"));
    h.sync();
    Path file = logFile();
    assertThat(file).isEmptyFile().startsWith(h.rootDir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw-rw-");

    Files.writeString(file, "x".repeat(5000) + "disk full");
    h.runtime.exit(h.latest("app").id(), 3);
    h.sync();
    var terminated = h.containerStatus("app").getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(3);
    // The last 4096 bytes, as upstream reads them.
    assertThat(terminated.getMessage()).hasSize(4096).endsWith("disk full");
  }

  @Test
  void fallbackToLogsOnErrorTakesTheLogsLastLinesWhenTheFileIsEmpty() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, withMessage("FallbackToLogsOnError")));
    h.sync();
    String first = h.latest("app").id();
    StringBuilder log = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      log.append("line ").append(i).append('\n');
    }
    h.runtime.log(first, log.toString());
    h.runtime.exit(first, 1);
    h.sync();
    // Restarted at once (the first restart has no backoff): the run that failed is the last state.
    var last = h.containerStatus("app").getLastState().getTerminated();
    assertThat(last.getMessage()).startsWith("line 21\n").endsWith("line 100\n");
    assertThat(h.containerStatus("app").getState().hasRunning()).isTrue();
  }

  @Test
  void fallbackToLogsOnErrorLeavesASuccessAlone() {
    h = new PodWorkerHarness(TestPods.withRestartPolicy(pod("web", PodWorkerHarness.NODE,
        withMessage("FallbackToLogsOnError")), "Never"));
    h.sync();
    h.runtime.log(h.latest("app").id(), "all good\n");
    h.runtime.exit(h.latest("app").id(), 0);
    h.sync();
    assertThat(h.containerStatus("app").getState().getTerminated().getMessage()).isEmpty();
  }

  @Test
  void withoutAPathThereIsNoFile() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    assertThat(h.runtime.config(h.latest("app").id()).mounts())
        .noneMatch(m -> m.containerPath().equals("/dev/termination-log"));
  }
}
