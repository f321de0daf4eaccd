package io.kava.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulated Linux hosts for multi-host tests: deploy/hosts.sh, the one implementation of them (network
 * namespace kava-h<N>, address 10.250.0.<10+N>/24 on the root bridge kava-hosts, the guard chain
 * KAVA-POD-GUARD first). Close removes every namespace, link, rule and chain, and whatever still runs
 * in the hosts (deploy/hosts.sh delete). The names are fixed, as the plan of issue 13 has them: one set
 * of simulated hosts per machine at a time.
 */
final class SimulatedHosts implements AutoCloseable {
  private final int count;

  private SimulatedHosts(int count) {
    this.count = count;
  }

  static SimulatedHosts create(int count) {
    DeployScript.Result r = DeployScript.run(scratch(), "deploy/hosts.sh", "create", String.valueOf(count));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("deploy/hosts.sh create " + count + " failed: " + r.output());
    }
    return new SimulatedHosts(count);
  }

  /**
   * deploy/hosts.sh cluster COUNT: the hosts, install.sh server in host 1 and install.sh agent (the server's
   * join command) in the others, with the jars as built. When that fails the hosts are removed again.
   */
  static SimulatedHosts cluster(int count) {
    SimulatedHosts hosts = new SimulatedHosts(count);
    DeployScript.Result r = DeployScript.run(scratch(), "deploy/hosts.sh", "cluster", String.valueOf(count), "--no-build");
    if (r.exitCode() != 0) {
      try {
        hosts.close();
      } catch (RuntimeException e) {
        r = new DeployScript.Result(r.exitCode(), r.output() + "\n(and the cleanup failed: " + e.getMessage() + ")");
      }
      throw new IllegalStateException("deploy/hosts.sh cluster " + count + " failed: " + r.output());
    }
    return hosts;
  }

  /** Adds hosts up to COUNT (deploy/hosts.sh create COUNT), leaving the others as they are. */
  void grow(int count) {
    DeployScript.Result r = DeployScript.run(scratch(), "deploy/hosts.sh", "create", String.valueOf(count));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("deploy/hosts.sh create " + count + " failed: " + r.output());
    }
  }

  /** Host N's install.sh state directory as deploy/hosts.sh lays them out (its default KAVA_HOSTS_STATE). */
  static Path state(int host) {
    return DeployScript.repo().resolve(".kava-hosts").resolve("h" + host);
  }

  int count() {
    return count;
  }

  static String namespace(int host) {
    return "kava-h" + host;
  }

  static String address(int host) {
    return "10.250.0." + (10 + host);
  }

  /** Runs a command inside host N (ip netns exec kava-hN ...), as every process of that host runs. */
  DeployScript.Result exec(int host, String... command) {
    List<String> args = new ArrayList<>(List.of("/usr/sbin/ip", "netns", "exec", namespace(host)));
    args.addAll(List.of(command));
    return DeployScript.run(scratch(), args.toArray(String[]::new));
  }

  @Override
  public void close() {
    DeployScript.Result r = DeployScript.run(scratch(), "deploy/hosts.sh", "delete");
    if (r.exitCode() != 0) {
      throw new IllegalStateException("deploy/hosts.sh delete failed: " + r.output());
    }
  }

  private static Path scratch() {
    return Path.of(System.getProperty("java.io.tmpdir"), "kava-simulated-hosts");
  }
}
