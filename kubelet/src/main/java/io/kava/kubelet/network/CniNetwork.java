package io.kava.kubelet.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ADD, DEL and CHECK of a network list on one pod sandbox, as libcni runs them: the plugins in order on
 * ADD and CHECK (each given the previous one's result), in reverse on DEL. What ADD did (the list, the
 * port mappings, the result) is kept in the cache dir, libcni's {@code results/<network>-<id>-<ifname>},
 * so that DEL after a kubelet restart tears down exactly what was set up, and a DEL of a sandbox that was
 * never added, or already deleted, does nothing.
 */
public final class CniNetwork {
  public static final String IFNAME = "eth0";

  /** One sandbox: its container id, its network namespace ("" once it is gone), hostPorts and pod. */
  public record Attachment(String containerId, String netns, List<PortMapping> portMappings, String podNamespace,
      String podName) {
    public Attachment {
      portMappings = List.copyOf(portMappings);
    }
  }

  /** A hostPort, as portmap's runtimeConfig names it. */
  public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {}

  private final CniPlugin plugin;
  private final Path cacheDir;

  public CniNetwork(CniPlugin plugin, Path cacheDir) {
    this.plugin = plugin;
    this.cacheDir = cacheDir;
  }

  /**
   * Brings the sandbox onto the network and returns its IP (the pod IP). On failure what was set up is
   * deleted again, so no address stays taken.
   */
  public String add(ObjectNode networkList, Attachment sandbox) throws CniException {
    runChain(CniConfig.loopback(), "ADD", sandbox, "lo", null, false);
    JsonNode result;
    try {
      result = runChain(networkList, "ADD", sandbox, IFNAME, null, false);
    } catch (CniException e) {
      try {
        runChain(networkList, "DEL", sandbox, IFNAME, null, true);
      } catch (CniException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    String ip = podIp(result);
    ObjectNode cached = CniConfig.JSON.createObjectNode().put("kind", "cniCacheV1")
        .put("containerId", sandbox.containerId()).put("ifName", IFNAME)
        .put("networkName", networkList.path("name").asText());
    cached.set("config", networkList);
    cached.set("capabilityArgs", capabilityArgs(sandbox));
    cached.put("podNamespace", sandbox.podNamespace()).put("podName", sandbox.podName());
    cached.set("result", result);
    writeCache(sandbox.containerId(), cached);
    return ip;
  }

  /**
   * Takes the sandbox off the network and frees its address; idempotent: a sandbox with nothing cached
   * (never added, or deleted before) is left alone. An empty netns (the sandbox is dead) still frees the address.
   */
  public void del(String containerId, String netns) throws CniException {
    Optional<JsonNode> cached = cached(containerId);
    if (cached.isEmpty()) {
      return;
    }
    JsonNode c = cached.get();
    runChain((ObjectNode) c.get("config"), "DEL", attachment(containerId, netns, c), IFNAME, c.get("result"), true);
    try {
      Files.deleteIfExists(cacheFile(containerId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asks every plugin whether the sandbox's network is still as ADD left it. */
  public void check(String containerId, String netns) throws CniException {
    JsonNode c = cached(containerId).orElseThrow(() -> new CniException("no network was added to " + containerId));
    runChain((ObjectNode) c.get("config"), "CHECK", attachment(containerId, netns, c), IFNAME, c.get("result"), false);
  }

  /** The sandbox as ADD cached it (pod, hostPorts), in the given netns. */
  private static Attachment attachment(String containerId, String netns, JsonNode cached) {
    List<PortMapping> ports = new ArrayList<>();
    cached.path("capabilityArgs").path("portMappings").forEach(p -> ports.add(new PortMapping(
        p.path("hostIP").asText(""), p.path("hostPort").asInt(), p.path("containerPort").asInt(),
        p.path("protocol").asText("tcp"))));
    return new Attachment(containerId, netns, ports, cached.path("podNamespace").asText(""),
        cached.path("podName").asText(""));
  }

  /** The pod IP ADD gave this sandbox, if it is on the network. */
  public Optional<String> ip(String containerId) {
    return cached(containerId).map(c -> podIp(c.get("result")));
  }

  /** The sandboxes with something cached (to delete those whose container is gone). */
  public List<String> attached() {
    Path dir = cacheDir.resolve("results");
    String prefix = CniConfig.NETWORK_NAME + "-";
    String suffix = "-" + IFNAME;
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
          .map(n -> n.substring(prefix.length(), n.length() - suffix.length())).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first IPv4 address of a CNI result, without its prefix length. */
  static String podIp(JsonNode result) {
    if (result != null) {
      for (JsonNode ip : result.path("ips")) {
        String address = ip.path("address").asText("");
        if (!address.isEmpty() && !address.contains(":")) {
          return address.substring(0, address.indexOf('/') < 0 ? address.length() : address.indexOf('/'));
        }
      }
    }
    throw new IllegalArgumentException("the CNI result has no IPv4 address: " + result);
  }

  /**
   * Runs the list's plugins for one command; returns the last result. On DEL every plugin runs even if
   * one fails (the first failure is thrown after), so one broken plugin does not keep the address taken.
   */
  private JsonNode runChain(ObjectNode list, String command, Attachment sandbox, String ifName, JsonNode prevResult,
      boolean reverse) throws CniException {
    List<JsonNode> plugins = new ArrayList<>();
    list.path("plugins").forEach(plugins::add);
    if (reverse) {
      Collections.reverse(plugins);
    }
    Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", sandbox.containerId(),
        "CNI_NETNS", sandbox.netns(), "CNI_IFNAME", ifName, "CNI_ARGS", cniArgs(sandbox));
    JsonNode result = prevResult;
    CniException first = null;
    for (JsonNode p : plugins) {
      ObjectNode stdin = ((ObjectNode) p).deepCopy();
      stdin.put("cniVersion", list.path("cniVersion").asText()).put("name", list.path("name").asText());
      if (result != null) {
        stdin.set("prevResult", result);
      }
      if (p.path("capabilities").path("portMappings").asBoolean(false)) {
        stdin.putObject("runtimeConfig").set("portMappings", capabilityArgs(sandbox).get("portMappings"));
      }
      try {
        JsonNode out = plugin.exec(p.path("type").asText(), env, stdin);
        if (command.equals("ADD")) {
          result = out;
        }
      } catch (CniException e) {
        if (!command.equals("DEL")) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return result;
  }

  private static ObjectNode capabilityArgs(Attachment sandbox) {
    ObjectNode args = CniConfig.JSON.createObjectNode();
    ArrayNode ports = args.putArray("portMappings");
    for (PortMapping p : sandbox.portMappings()) {
      ObjectNode port = ports.addObject().put("hostPort", p.hostPort()).put("containerPort", p.containerPort())
          .put("protocol", p.protocol().toLowerCase());
      if (!p.hostIp().isEmpty()) {
        port.put("hostIP", p.hostIp());
      }
    }
    return args;
  }

  private static String cniArgs(Attachment sandbox) {
    return "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + sandbox.podNamespace() + ";K8S_POD_NAME=" + sandbox.podName()
        + ";K8S_POD_INFRA_CONTAINER_ID=" + sandbox.containerId();
  }

  private Path cacheFile(String containerId) {
    return cacheDir.resolve("results").resolve(CniConfig.NETWORK_NAME + "-" + containerId + "-" + IFNAME);
  }

  private Optional<JsonNode> cached(String containerId) {
    Path file = cacheFile(containerId);
    try {
      return Optional.of(CniConfig.JSON.readTree(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the CNI cache " + file, e);
    }
  }

  private void writeCache(String containerId, JsonNode cached) {
    Path file = cacheFile(containerId);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(tmp, CniConfig.JSON.writeValueAsBytes(cached));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the CNI cache " + file, e);
    }
  }
}
