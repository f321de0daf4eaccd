package io.kava.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniNetworkTest {
  @TempDir
  Path dir;

  /** Plugins that answer like the real ones: bridge gives an address, the others pass prevResult on. */
  private final List<String> calls = new ArrayList<>();
  private final List<JsonNode> stdins = new ArrayList<>();
  private String failing = "";

  private final CniPlugin plugin = (type, env, stdin) -> {
    calls.add(env.get("CNI_COMMAND") + " " + type + " " + env.get("CNI_IFNAME") + " " + env.get("CNI_NETNS"));
    stdins.add(stdin);
    if (type.equals(failing)) {
      throw new CniException("plugin type=\"" + type + "\" failed (add): boom");
    }
    if (!env.get("CNI_COMMAND").equals("ADD")) {
      return null;
    }
    if (type.equals("bridge")) {
      return json("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"kbr-3\"},{\"name\":\"eth0\",\"sandbox\":\"/proc/1/ns/net\"}],"
          + "\"ips\":[{\"address\":\"10.244.3.7/24\",\"gateway\":\"10.244.3.1\",\"interface\":1}],"
          + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}");
    }
    return stdin.has("prevResult") ? stdin.get("prevResult") : json("{\"cniVersion\":\"1.0.0\"}");
  };

  private static JsonNode json(String text) {
    try {
      return CniConfig.JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private final ObjectNode list = CniConfig.networkList("10.244.3.0/24", Path.of("/state/node-1/cni/networks"));

  private CniNetwork.Attachment sandbox() {
    return new CniNetwork.Attachment("abc", "/proc/42/ns/net",
        List.of(new CniNetwork.PortMapping("127.0.0.11", 8080, 80, "TCP")), "default", "web");
  }

  @Test
  void addRunsLoopbackThenThePluginsInOrderEachWithThePreviousResultAndReturnsTheAddress() throws Exception {
    CniNetwork network = new CniNetwork(plugin, dir);

    assertThat(network.add(list, sandbox())).isEqualTo("10.244.3.7");

    assertThat(calls).containsExactly("ADD loopback lo /proc/42/ns/net", "ADD bridge eth0 /proc/42/ns/net",
        "ADD portmap eth0 /proc/42/ns/net", "ADD firewall eth0 /proc/42/ns/net");
    JsonNode portmap = stdins.get(2);
    assertThat(portmap.path("name").asText()).isEqualTo("kava");
    assertThat(portmap.path("prevResult").path("ips").get(0).path("address").asText()).isEqualTo("10.244.3.7/24");
    assertThat(portmap.path("runtimeConfig").path("portMappings").get(0).toString())
        .isEqualTo("{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\",\"hostIP\":\"127.0.0.11\"}");
    assertThat(stdins.get(1).has("runtimeConfig")).as("bridge declares no capability").isFalse();
    assertThat(network.ip("abc")).hasValue("10.244.3.7");
    assertThat(network.attached()).containsExactly("abc");
  }

  @Test
  void delRunsThePluginsInReverseWithTheCachedResultAndPortsAndIsIdempotent() throws Exception {
    new CniNetwork(plugin, dir).add(list, sandbox());
    calls.clear();
    stdins.clear();
    // A restarted kubelet: a new instance over the same cache dir, the sandbox dead (no netns).
    CniNetwork restarted = new CniNetwork(plugin, dir);

    restarted.del("abc", "");

    assertThat(calls).containsExactly("DEL firewall eth0 ", "DEL portmap eth0 ", "DEL bridge eth0 ");
    assertThat(stdins.get(1).path("runtimeConfig").path("portMappings").get(0).path("hostPort").asInt()).isEqualTo(8080);
    assertThat(stdins.get(2).path("prevResult").path("ips").get(0).path("address").asText()).isEqualTo("10.244.3.7/24");
    assertThat(restarted.ip("abc")).isEmpty();

    calls.clear();
    restarted.del("abc", "");
    restarted.del("never-added", "");
    assertThat(calls).isEmpty();
  }

  @Test
  void aFailedAddDeletesWhatWasSetUpAndCachesNothing() {
    failing = "portmap";
    CniNetwork network = new CniNetwork(plugin, dir);

    assertThatThrownBy(() -> network.add(list, sandbox())).hasMessage("plugin type=\"portmap\" failed (add): boom");

    assertThat(calls).contains("DEL bridge eth0 /proc/42/ns/net");
    assertThat(network.ip("abc")).isEmpty();
  }

  @Test
  void checkAsksEveryPluginInOrderWithTheCachedResult() throws Exception {
    CniNetwork network = new CniNetwork(plugin, dir);
    network.add(list, sandbox());
    calls.clear();
    network.check("abc", "/proc/42/ns/net");
    assertThat(calls).containsExactly("CHECK bridge eth0 /proc/42/ns/net", "CHECK portmap eth0 /proc/42/ns/net",
        "CHECK firewall eth0 /proc/42/ns/net");
  }

  @Test
  void theResultsFirstIpv4AddressIsThePodIp() {
    assertThat(CniNetwork.podIp(json("{\"ips\":[{\"address\":\"fd00::5/64\"},{\"address\":\"10.244.0.9/24\"}]}")))
        .isEqualTo("10.244.0.9");
    assertThatThrownBy(() -> CniNetwork.podIp(json("{\"ips\":[]}"))).hasMessageContaining("no IPv4 address");
  }

  @Test
  void aPluginErrorObjectBecomesOneLine() {
    assertThat(CniException.describe(json("{\"code\":11,\"msg\":\"failed to allocate\",\"details\":\"range full\"}"), ""))
        .isEqualTo("failed to allocate: range full");
    assertThat(CniException.describe(null, "segfault")).isEqualTo("segfault");
  }

  @Test
  void theNetworkListIsKindnetsBridgeWithHostLocalPortmapAndFirewall() {
    assertThat(CniConfig.bridgeName("10.244.3.0/24")).isEqualTo("kbr-3");
    JsonNode bridge = list.path("plugins").get(0);
    assertThat(bridge.path("bridge").asText()).isEqualTo("kbr-3");
    assertThat(bridge.path("isGateway").asBoolean()).isTrue();
    assertThat(bridge.path("ipMasq").asBoolean(true)).isFalse();
    assertThat(bridge.path("ipam").toString()).isEqualTo("{\"type\":\"host-local\",\"dataDir\":\"/state/node-1/cni/networks\","
        + "\"ranges\":[[{\"subnet\":\"10.244.3.0/24\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}");
    assertThat(list.path("plugins").get(1).toString()).isEqualTo("{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}");
    assertThat(list.path("plugins").get(2).path("type").asText()).isEqualTo("firewall");
    assertThat(list.path("cniVersion").asText()).isEqualTo("1.0.0");
  }

  @Test
  void theWrittenListIsTheSameOnDisk() throws Exception {
    ObjectNode written = CniConfig.write(dir.resolve("net.d"), "10.244.3.0/24", dir.resolve("data"));
    assertThat(CniConfig.JSON.readTree(dir.resolve("net.d").resolve(CniConfig.FILE_NAME).toFile())).isEqualTo(written);
    assertThat(Map.of("data", dir.resolve("data").toFile().isDirectory())).containsEntry("data", true);
  }
}
