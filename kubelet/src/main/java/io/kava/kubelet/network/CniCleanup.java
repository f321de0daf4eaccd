package io.kava.kubelet.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.client.net.PodNetworkGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What deploy/down.sh and the e2e cluster run once a cluster's kubelets are gone: for each node's CNI dir
 * (net.d, cache, networks, as up.sh lays them out) CNI DEL of every sandbox still cached (netns gone, so
 * host-local frees the address and portmap and firewall drop its rules), then the node's network list, its
 * host-local store and its {@code kbr-*} bridge. With {@code --remove-guard}, once no kbr-* bridge is
 * left on the host, the pod network guard goes too.
 */
@Command(name = "kava-cni-cleanup", mixinStandardHelpOptions = true,
    description = "Deletes what the kubelets' CNI pod network left behind (run after they stopped)")
public final class CniCleanup implements Callable<Integer> {
  @Option(names = "--cni-bin-dir", defaultValue = "/usr/lib/cni", description = "Where the CNI plugins are")
  Path binDir;

  @Option(names = "--remove-guard", description = "Also remove the host-wide rules when no kbr-* bridge is left: the KAVA-POD-GUARD chain and the shared chains of the portmap and firewall plugins")
  boolean removeGuard;

  @CommandLine.Parameters(paramLabel = "NODE_CNI_DIR", description = "A node's CNI dir (with net.d, cache, networks)")
  List<Path> nodeDirs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    int failures = 0;
    for (Path nodeDir : nodeDirs) {
      failures += cleanNode(nodeDir);
    }
    if (removeGuard && bridges().isEmpty()) {
      removePluginChains();
      PodNetworkGuard.standard(PodNetworkGuard.command()).remove();
      System.out.println("Removed the pod network guard " + PodNetworkGuard.CHAIN);
    }
    return failures == 0 ? 0 : 1;
  }

  private int cleanNode(Path nodeDir) throws IOException, InterruptedException {
    int failures = 0;
    CniNetwork network = new CniNetwork(CniPlugin.binaries(binDir), nodeDir.resolve("cache"));
    for (String id : network.attached()) {
      try {
        network.del(id, "");
      } catch (CniException e) {
        System.err.println("CNI DEL of sandbox " + id + " failed: " + e.getMessage());
        failures++;
      }
    }
    Path conf = nodeDir.resolve("net.d").resolve(CniConfig.FILE_NAME);
    if (Files.exists(conf)) {
      JsonNode list = CniConfig.JSON.readTree(conf.toFile());
      String bridge = list.path("plugins").path(0).path("bridge").asText("");
      if (bridge.startsWith("kbr-") && bridges().contains(bridge)) {
        run("ip", "link", "del", bridge);
        System.out.println("Removed bridge " + bridge);
      }
      Files.delete(conf);
    }
    deleteTree(nodeDir.resolve("networks"));
    return failures;
  }

  /**
   * The chains portmap and firewall share between all their sandboxes, and their jumps; left alone while a
   * sandbox of anyone still has a portmap chain (CNI-DN-*) on this host.
   */
  private static void removePluginChains() throws IOException, InterruptedException {
    if (run("iptables-save", "-t", "nat").contains(":CNI-DN-")) {
      return;
    }
    String comment = "--comment";
    List<List<String>> steps = List.of(
        List.of("-t", "filter", "-D", "FORWARD", "-m", "comment", comment, "CNI firewall plugin rules", "-j", "CNI-FORWARD"),
        List.of("-t", "filter", "-F", "CNI-FORWARD"), List.of("-t", "filter", "-X", "CNI-FORWARD"),
        List.of("-t", "filter", "-F", "CNI-ADMIN"), List.of("-t", "filter", "-X", "CNI-ADMIN"),
        List.of("-t", "nat", "-D", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
        List.of("-t", "nat", "-D", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
        List.of("-t", "nat", "-D", "POSTROUTING", "-m", "comment", comment, "CNI portfwd requiring masquerade", "-j",
            "CNI-HOSTPORT-MASQ"));
    for (List<String> step : steps) {
      List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5"));
      cmd.addAll(step);
      run(cmd.toArray(String[]::new));
    }
    for (String chain : List.of("CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK")) {
      run("iptables", "-w", "5", "-t", "nat", "-F", chain);
      run("iptables", "-w", "5", "-t", "nat", "-X", chain);
    }
  }

  /** The kbr-* links of the host. */
  static List<String> bridges() throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    for (String line : run("ip", "-o", "link", "show", "type", "bridge").split("\n")) {
      String[] parts = line.split(":\\s+");
      if (parts.length > 1 && parts[1].startsWith("kbr-")) {
        names.add(parts[1].split("@")[0]);
      }
    }
    return names;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CniCleanup()).execute(args));
  }
}
