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
