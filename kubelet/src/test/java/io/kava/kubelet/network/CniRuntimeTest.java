package io.kava.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSpec;
import io.kava.client.net.PodNetworkGuard;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerStartException;
import io.kava.kubelet.testing.FakeContainerRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniRuntimeTest {
  @TempDir
  Path dir;

  private final FakeContainerRuntime docker = new FakeContainerRuntime(Clock.systemUTC()).withImage("kava/pause:3.9");
  private final List<String> cni = new ArrayList<>();
  private final List<List<String>> iptables = new ArrayList<>();
  private int nextIp = 2;

  private final CniPlugin plugin = (type, env, stdin) -> {
    cni.add(env.get("CNI_COMMAND") + " " + type + " " + env.get("CNI_CONTAINERID").substring(0, 4) + " "
        + env.get("CNI_NETNS"));
    if (!env.get("CNI_COMMAND").equals("ADD")) {
      return null;
    }
    if (type.equals("bridge")) {
      try {
        return CniConfig.JSON.readTree("{\"ips\":[{\"address\":\"10.244.3." + nextIp++ + "/24\"}]}");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    JsonNode prev = stdin.get("prevResult");
    return prev;
  };

  private CniRuntime runtime() {
    PodNetworkGuard guard = PodNetworkGuard.standard((table, args) -> {
      List<String> call = new ArrayList<>(List.of(table));
      call.addAll(args);
      iptables.add(call);
      return args.get(0).equals("-C") || args.contains("-L") ? 1 : 0;
    });
    return new CniRuntime(docker, new CniNetwork(plugin, dir.resolve("cache")), dir.resolve("net.d"),
        dir.resolve("data"), guard);
  }

  private static ContainerConfig sandbox(String name) {
    return new ContainerConfig("k8s_POD_" + name, "kava/pause:3.9", List.of(), List.of(), List.of(), "",
        Map.of(ContainerLabels.CONTAINER_NAME, ContainerLabels.SANDBOX_NAME, ContainerLabels.POD_NAMESPACE, "default",
            ContainerLabels.POD_NAME, name), name, null,
        List.of(new ContainerConfig.PortMapping("127.0.0.11", 8080, 80, "TCP")), ContainerConfig.Resources.NONE);
  }

  private static Node node(String podCidr) {
    return Node.newBuilder().setSpec(NodeSpec.newBuilder().setPodCidr(podCidr)).build();
  }

  @Test
  void untilTheNodeHasAPodCidrTheNetworkIsNotReadyAndSandboxesDoNotStart() throws Exception {
    CniRuntime runtime = runtime();
    runtime.observe(node(""));
    assertThat(runtime.notReady()).hasValueSatisfying(m -> assertThat(m).contains("NetworkPluginNotReady")
        .contains("cni config uninitialized"));
    String id = runtime.createContainer(sandbox("web"));
    assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOf(ContainerStartException.class)
        .hasMessageContaining("network is not ready");
    assertThat(cni).isEmpty();
  }

  @Test
  void theGuardGoesInBeforeTheConfigIsWritten() throws Exception {
    CniRuntime runtime = runtime();
    runtime.observe(node("10.244.3.0/24"));
    assertThat(runtime.notReady()).isEmpty();
    List<String> reject = new ArrayList<>(List.of("filter", "-A", PodNetworkGuard.CHAIN));
    reject.addAll(PodNetworkGuard.rejectRule("10.244.0.0/16", "kbr+"));
    List<String> drop = new ArrayList<>(List.of("mangle", "-A", PodNetworkGuard.CHAIN));
    drop.addAll(PodNetworkGuard.dropRule("10.244.0.0/16", "kbr+"));
    assertThat(iptables).contains(List.of("filter", "-I", "OUTPUT", "1", "-j", PodNetworkGuard.CHAIN), reject, drop);
    assertThat(dir.resolve("net.d").resolve(CniConfig.FILE_NAME)).exists();
    runtime.observe(node("10.244.3.0/24"));
    assertThat(iptables.stream().filter(a -> a.get(1).equals("-N")).map(a -> a.get(0)))
        .as("written once").containsExactlyInAnyOrder("filter", "mangle");
  }

  @Test
  void aSandboxStartsWithoutDockersNetworkAndGetsTheAddressCniAddGave() throws Exception {
    CniRuntime runtime = runtime();
    runtime.observe(node("10.244.3.0/24"));

    String id = runtime.createContainer(sandbox("web"));
    assertThat(docker.config(id).networkMode()).isEqualTo("none");
    assertThat(docker.config(id).portMappings()).as("hostPorts go through portmap").isEmpty();
    runtime.startContainer(id);

    long pid = docker.pid(id);
    assertThat(cni).contains("ADD bridge " + id.substring(0, 4) + " /proc/" + pid + "/ns/net");
    assertThat(runtime.inspectContainer(id).orElseThrow().ipAddress()).isEqualTo("10.244.3.2");
  }

  @Test
  void stoppingTheSandboxDeletesItsNetworkOnceAndRemovingItAfterDoesNothingMore() throws Exception {
    CniRuntime runtime = runtime();
    runtime.observe(node("10.244.3.0/24"));
    String id = runtime.createContainer(sandbox("web"));
    runtime.startContainer(id);
    long pid = docker.pid(id);
    cni.clear();

    runtime.stopContainer(id, java.time.Duration.ZERO);
    runtime.removeContainer(id);

    assertThat(cni).containsExactly("DEL firewall " + id.substring(0, 4) + " /proc/" + pid + "/ns/net",
        "DEL portmap " + id.substring(0, 4) + " /proc/" + pid + "/ns/net",
        "DEL bridge " + id.substring(0, 4) + " /proc/" + pid + "/ns/net");
  }

  @Test
  void aSandboxRemovedBehindTheKubeletsBackHasItsNetworkDeletedByTheGarbageCollection() throws Exception {
    CniRuntime runtime = runtime();
    runtime.observe(node("10.244.3.0/24"));
    String id = runtime.createContainer(sandbox("web"));
    runtime.startContainer(id);
    docker.forceRemove(id);
    cni.clear();

    runtime.collectGarbage();
    runtime.collectGarbage();

    assertThat(cni).containsExactly("DEL firewall " + id.substring(0, 4) + " ", "DEL portmap " + id.substring(0, 4) + " ",
        "DEL bridge " + id.substring(0, 4) + " ");
  }

  @Test
  void appContainersAndHostNetworkSandboxesAreLeftAsTheyAre() throws Exception {
    CniRuntime runtime = runtime();
    runtime.observe(node("10.244.3.0/24"));
    ContainerConfig host = new ContainerConfig("k8s_POD_h", "kava/pause:3.9", List.of(), List.of(), List.of(), "",
        Map.of(ContainerLabels.CONTAINER_NAME, ContainerLabels.SANDBOX_NAME), null, "host", List.of(),
        ContainerConfig.Resources.NONE);
    String id = runtime.createContainer(host);
    runtime.startContainer(id);
    assertThat(docker.config(id).networkMode()).isEqualTo("host");
    assertThat(cni).isEmpty();
  }
}
