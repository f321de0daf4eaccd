package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.apiserver.testing.ApiServerHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/up.sh --ha as a user runs it, on a state directory and ports of its own: three etcd members,
 * two API servers and two of each controller process start, the config names both API servers, kavactl
 * keeps working after the first API server is killed with SIGKILL, a second up.sh (remembering --ha)
 * starts only that one again, and down.sh --purge stops every process.
 */
class DeployHaIT {
  /** Base of six consecutive etcd ports (member i: client base + 2(i-1), peer base + 1 + 2(i-1)). */
  private final int etcdPort = freeRun(6);
  private final int apiPort = freeRun(2);
  private final int dnsPort = ApiServerHarness.freePort();
  private final String serviceCidr = "10.242." + (1 + new java.util.Random().nextInt(250)) + ".0/24";
  private Path stateDir;

  /**
   * The first of n consecutive free ports, below Linux's ephemeral range (32768-60999): the restore stops
   * and restarts etcd on the same ports, and in between an outgoing connection could take one of them.
   */
  private static int freeRun(int n) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20000 + new java.util.Random().nextInt(12000);
      boolean free = true;
      for (int p = base; p < base + n && free; p++) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
          free = true;
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no run of " + n + " free ports");
  }

  /** Runs a deploy script with this test's state directory; returns its exit code, its output in `out`. */
  private int script(List<String> out, String... command) {
    DeployScript.Result result = DeployScript.run(stateDir, command);
    out.add(result.output());
    return result.exitCode();
  }

  @AfterEach
  void downEvenIfTheTestFailed() throws Exception {
    if (stateDir != null && Files.exists(stateDir.resolve("run"))) {
      script(new ArrayList<>(), "deploy/down.sh", "--purge");
    }
    if (stateDir != null && Files.isDirectory(stateDir)) {
      // down.sh --purge leaves what it did not make: the test's backup, then the emptied directory.
      Files.deleteIfExists(stateDir.resolve("backup.db"));
      try (var left = Files.list(stateDir)) {
        if (left.findAny().isEmpty()) {
          Files.delete(stateDir);
        }
      }
    }
  }

  private long pidOf(String process) throws IOException {
    return Long.parseLong(Files.readString(stateDir.resolve("run/" + process + ".pid")).split(" ")[0].strip());
  }

  @Test
  void upShHaStartsTheWholeControlPlaneTwiceOverSurvivesAKilledApiServerAndRestoresABackup() throws Exception {
    stateDir = Files.createTempDirectory("kava-deploy-ha-it-");
    List<String> out = new ArrayList<>();
    int up = script(out, "deploy/up.sh", "--ha", "--nodes", "0", "--etcd-port", "" + etcdPort,
        "--api-port", "" + apiPort, "--service-cidr", serviceCidr, "--dns-port", "" + dnsPort,
        "--no-build", "--no-images");
    assertThat(up).as(out.get(0)).isZero();
    List<String> processes = List.of("etcd-1", "etcd-2", "etcd-3", "api-server", "api-server-2", "scheduler",
        "scheduler-2", "controller-manager", "controller-manager-2");
    for (String name : processes) {
      assertThat(ProcessHandle.of(pidOf(name)).map(ProcessHandle::isAlive)).as(name).contains(true);
    }
    // The admin kubeconfig (up.sh's secure cluster) names both API servers, over TLS.
    assertThat(Files.readString(stateDir.resolve("admin.kubeconfig")))
        .containsPattern("server: \"?https://127.0.0.1:" + apiPort + ",https://127.0.0.1:" + (apiPort + 1));

    ProcessHandle.of(pidOf("api-server")).ifPresent(ProcessHandle::destroyForcibly);
    List<String> get = new ArrayList<>();
    assertThat(script(get, "deploy/kavactl", "get", "namespaces")).as(get.get(0)).isZero();
    assertThat(get.get(0)).contains("kube-system");

    List<String> again = new ArrayList<>();
    assertThat(script(again, "deploy/up.sh", "--no-build", "--no-images")).as(again.get(0)).isZero();
    assertThat(again.get(0)).containsPattern("api-server +started").containsPattern("api-server-2 +running")
        .containsPattern("etcd-3 +running");

    // A backup of the 3-member etcd, then changes, then the restore: every member holds the snapshot.
    assertThat(script(new ArrayList<>(), "deploy/kavactl", "create", "configmap", "before")).isZero();
    Path backup = stateDir.resolve("backup.db");
    List<String> save = new ArrayList<>();
    assertThat(script(save, "deploy/etcd-backup.sh", "save", backup.toString())).as(save.get(0)).isZero();
    assertThat(script(new ArrayList<>(), "deploy/kavactl", "create", "configmap", "after")).isZero();
    assertThat(script(new ArrayList<>(), "deploy/kavactl", "delete", "configmap", "before")).isZero();
    List<String> restore = new ArrayList<>();
    assertThat(script(restore, "deploy/etcd-backup.sh", "restore", backup.toString())).as(restore.get(0)).isZero();
    assertThat(restore.get(0)).contains("for 3 etcd member(s)");
    for (int member = 1; member <= 3; member++) {
      assertThat(stateDir.resolve("etcd-" + member + ".before-restore")).isDirectory();
    }
    List<String> before = new ArrayList<>();
    assertThat(script(before, "deploy/kavactl", "get", "configmap", "before")).as(before.get(0)).isZero();
    List<String> after = new ArrayList<>();
    assertThat(script(after, "deploy/kavactl", "get", "configmap", "after")).isEqualTo(1);
    assertThat(after.get(0)).contains("NotFound");
    // Each member alone answers with the restored data (the three formed one cluster again).
    for (int member = 0; member < 3; member++) {
      List<String> read = new ArrayList<>();
      // etcd is TLS only with client certificates: etcdctl as up.sh runs it (kubeadm's healthcheck client).
      Path etcdPki = stateDir.resolve("pki/etcd");
      assertThat(script(read, "/usr/bin/env", "ETCDCTL_API=3", "etcdctl", "--cacert=" + etcdPki.resolve("ca.crt"),
          "--cert=" + etcdPki.resolve("healthcheck-client.crt"), "--key=" + etcdPki.resolve("healthcheck-client.key"),
          "--endpoints=https://127.0.0.1:" + (etcdPort + 2 * member), "get", "--prefix", "--keys-only",
          "/registry/configmaps/default/")).as(read.get(0)).isZero();
      assertThat(read.get(0)).contains("/registry/configmaps/default/before").doesNotContain("default/after");
    }

    List<Long> pids = new ArrayList<>();
    for (String name : processes) {
      pids.add(pidOf(name));
    }
    List<String> down = new ArrayList<>();
    assertThat(script(down, "deploy/down.sh", "--purge")).as(down.get(0)).isZero();
    // down.sh returns once each process is gone from its pid file's view; the kernel may take a moment
    // longer to drop the last of them (a process reparented to PID 1 is reaped by it).
    for (long pid : pids) {
      org.awaitility.Awaitility.await("pid " + pid + " gone").atMost(java.time.Duration.ofSeconds(20))
          .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
  }
}
