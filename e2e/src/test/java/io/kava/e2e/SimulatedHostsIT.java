package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.client.net.PodNetworkGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The multi-host harness and install.sh's supervisor, without a cluster: deploy/hosts.sh makes two hosts
 * that reach each other over the root bridge and nothing else (no default route, the guard first), and
 * removes everything; deploy/supervise.sh restarts a unit's command when it exits and stops it on SIGTERM.
 */
class SimulatedHostsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void twoHostsReachEachOtherOnlyOverTheirBridgeAndLeaveNothingBehind() {
    try (SimulatedHosts hosts = SimulatedHosts.create(2)) {
      assertThat(hosts.exec(1, "busybox", "ping", "-c", "1", "-W", "2", SimulatedHosts.address(2)).exitCode())
          .as("host 1 reaches host 2").isZero();
      assertThat(hosts.exec(2, "ip", "route").output()).contains("10.250.0.0/24 dev eth0").doesNotContain("default");
      assertThat(DeployScript.run(tmp(), "/usr/sbin/iptables", "-S", "KAVA-POD-GUARD").output())
          .contains("-d 10.250.0.0/24 ! -o kava-hosts -m comment --comment \"kava pod network guard\" -j REJECT")
          .contains("-d 10.244.0.0/16 -o kava-hosts");
      // DNATed packets are judged after routing, in mangle, with the same ranges and the same allow.
      assertThat(DeployScript.run(tmp(), "/usr/sbin/iptables", "-t", "mangle", "-S", "KAVA-POD-GUARD").output())
          .contains("-d 10.250.0.0/24 ! -o kava-hosts -m comment --comment \"kava pod network guard\" -j DROP")
          .contains("-d 10.244.0.0/16 -o kava-hosts");
      // The kubelet's PodNetworkGuard writes the very rules netguard.sh wrote: nothing is added twice.
      String before = guardRules();
      PodNetworkGuard.standard(PodNetworkGuard.command()).ensure();
      assertThat(guardRules()).isEqualTo(before);
      assertThat(DeployScript.run(tmp(), "deploy/hosts.sh", "create", "2").exitCode()).as("create again").isZero();
    }
    assertThat(DeployScript.run(tmp(), "/usr/sbin/ip", "netns", "list").output()).doesNotContain("kava-h");
    assertThat(DeployScript.run(tmp(), "/usr/sbin/iptables-save").output())
        .doesNotContain("KAVA-HOSTS").doesNotContain("-o kava-hosts -m comment --comment \"kava guard");
    assertThat(DeployScript.run(tmp(), "deploy/hosts.sh", "delete").exitCode()).as("delete again").isZero();
  }

  @Test
  void theSupervisorRestartsACommandThatExitsAndStopsItOnSigterm(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path runs = dir.resolve("runs");
    Path command = dir.resolve("command");
    Files.writeString(command, "#!/bin/sh\necho run >>" + runs + "\n[ $(wc -l <" + runs + ") -ge 2 ] && exec sleep 600\nexit 3\n");
    command.toFile().setExecutable(true);
    Path unit = dir.resolve("kava-test.service");
    Files.writeString(unit, "[Service]\nEnvironmentFile=-" + dir.resolve("env") + "\nRestart=always\nExecStart=" + command + "\n");
    Path childPid = dir.resolve("child.pid");
    Process supervisor = new ProcessBuilder(DeployScript.repo().resolve("deploy/supervise.sh").toString(), unit.toString(),
        childPid.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    try {
      await().atMost(TIMEOUT).until(() -> Files.exists(runs) && Files.readAllLines(runs).size() == 2);
      await().atMost(TIMEOUT).until(() -> Files.exists(childPid) && ProcessHandle.of(pid(childPid)).isPresent());
      ProcessHandle child = ProcessHandle.of(pid(childPid)).orElseThrow();
      assertThat(Files.readString(dir.resolve("log"))).contains("exited with 3");

      supervisor.destroy(); // SIGTERM
      assertThat(supervisor.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      await().atMost(TIMEOUT).until(() -> !child.isAlive());
    } finally {
      supervisor.destroyForcibly();
    }
  }

  private static long pid(Path file) throws java.io.IOException {
    return Long.parseLong(Files.readString(file).trim());
  }

  /** Both guard chains and their jumps, as iptables-save prints them without counters. */
  private static String guardRules() {
    return DeployScript.run(tmp(), "/usr/sbin/iptables-save").output().lines()
        .filter(l -> l.contains("KAVA-POD-GUARD")).reduce("", (a, b) -> a + b + "\n");
  }

  private static Path tmp() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }
}
