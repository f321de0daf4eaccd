package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Agents on several hosts (issue 13), the real join path: deploy/hosts.sh cluster 3 makes three simulated
 * hosts (network namespaces kava-h1..3 on the bridge kava-hosts), runs deploy/install.sh server in kava-h1
 * and deploy/install.sh agent with the server's join command in kava-h2 and kava-h3, every process under
 * install.sh's supervisor. One cluster for the class; the tests that change it (a restart, an uninstall)
 * come last, in order. Teardown (deploy/hosts.sh delete) removes every namespace, link, rule, container
 * and process, whatever failed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String NS = "default";
  private static final String APP = "whoami";
  /** A web server whose one page says who called (REMOTE_ADDR) and who answered (the pod's host name). */
  private static final String SERVER = "mkdir -p /w/cgi-bin && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\n"
      + "echo $REMOTE_ADDR $(hostname)\\n' >/w/cgi-bin/who && chmod +x /w/cgi-bin/who && exec httpd -f -p 8080 -h /w";
  private static final String MANIFEST = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: whoami
      spec:
        replicas: 6
        selector:
          matchLabels: {app: whoami}
        template:
          metadata:
            labels: {app: whoami}
          spec:
            containers:
            - name: web
              image: kava/busybox:latest
              command: ["sh", "-c", "%s"]
              ports:
              - containerPort: 8080
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: whoami
      spec:
        type: NodePort
        selector: {app: whoami}
        ports:
        - port: 80
          targetPort: 8080
      """.formatted(SERVER.replace("\\", "\\\\").replace("\"", "\\\""));

  private static SimulatedHosts hosts;
  private static KavaClient admin;

  @BeforeAll
  static void joinThreeHosts() throws Exception {
    hosts = SimulatedHosts.cluster(3);
    admin = DeployScript.adminClient(SimulatedHosts.state(1));
    // Every host Ready before the Deployment, or the scheduler spreads over the hosts there are so far.
    await().atMost(TIMEOUT).until(() -> readyNodes().size() == 3);
    Path manifest = Files.createTempFile("multihost", ".yaml");
    Files.writeString(manifest, MANIFEST);
    try {
      DeployScript.Result applied = kavactl("apply", "-f", manifest.toString());
      assertThat(applied.exitCode()).as(applied.output()).isZero();
    } finally {
      Files.deleteIfExists(manifest);
    }
  }

  @AfterAll
  static void removeTheHosts() {
    try {
      if (admin != null) {
        admin.close();
      }
    } finally {
      if (hosts != null) {
        hosts.close();
      }
    }
  }

  @Test
  @Order(1)
  void bothAgentsJoinWithTheTokenAndAreReady() {
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(readyNodes())
        .containsExactlyInAnyOrder("kava-h1", "kava-h2", "kava-h3"));
    for (int host = 1; host <= 3; host++) {
      Node node = admin.resource(Node.class).get("", SimulatedHosts.namespace(host));
      String address = SimulatedHosts.address(host);
      assertThat(node.getStatus().getAddressesList()).anyMatch(a -> a.getType().equals("InternalIP")
          && a.getAddress().equals(address));
      assertThat(node.getSpec().getPodCidr()).as("podCIDR of " + host).startsWith("10.244.").endsWith("/24");
    }
    // The agents' kubelet client certificates came through CSRs their token authorized.
    assertThat(Files.exists(SimulatedHosts.state(2).resolve("kubelet.kubeconfig"))).isTrue();
  }

  @Test
  @Order(2)
  void sixReplicasSpreadOverTheThreeHostsWithPodIpsFromTheirNodesPodCidr() {
    List<Pod> pods = runningPods(6);
    Map<String, List<Pod>> byNode = pods.stream().collect(Collectors.groupingBy(p -> p.getSpec().getNodeName()));
    assertThat(byNode.keySet()).containsExactlyInAnyOrder("kava-h1", "kava-h2", "kava-h3");
    for (Pod pod : pods) {
      String cidr = admin.resource(Node.class).get("", pod.getSpec().getNodeName()).getSpec().getPodCidr();
      assertThat(pod.getStatus().getPodIp()).as(pod.getMetadata().getName())
          .startsWith(cidr.substring(0, cidr.lastIndexOf('.') + 1));
    }
  }

  @Test
  @Order(3)
  void aPodOnHost2ReachesAPodOnHost3ByPodIpAndSeesTheCallersPodIp() {
    Pod caller = podOn("kava-h2");
    Pod callee = podOn("kava-h3");

    PodShell.Result r = PodShell.httpGet(caller, "web", "http://" + callee.getStatus().getPodIp() + ":8080/cgi-bin/who");

    assertThat(r.ok()).as(r.output()).isTrue();
    // No NAT between hosts: the callee sees the caller's own pod IP.
    assertThat(r.output()).contains(caller.getStatus().getPodIp() + "]").contains(callee.getMetadata().getName());
  }

  @Test
  @Order(4)
  void aClusterIpServiceAndItsDnsNameReachPodsOnOtherHosts() {
    Pod caller = podOn("kava-h2");
    Set<String> onOtherHosts = runningPods(6).stream().filter(p -> !p.getSpec().getNodeName().equals("kava-h2"))
        .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    String clusterIp = admin.resource(io.kava.api.core.v1.Service.class).get(NS, APP).getSpec().getClusterIp();
    for (String url : List.of("http://" + clusterIp + "/cgi-bin/who", "http://whoami.default.svc.cluster.local/cgi-bin/who",
        "http://whoami/cgi-bin/who")) {
      Set<String> answered = new HashSet<>();
      // kube-proxy picks an endpoint at random: ask until one on another host answered.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        PodShell.Result r = PodShell.httpGet(caller, "web", url);
        assertThat(r.ok()).as(url + ": " + r.output()).isTrue();
        String[] words = r.output().trim().split("\\s+");
        answered.add(words[words.length - 1]);
        assertThat(answered).as(url).containsAnyElementsOf(onOtherHosts);
      });
    }
  }

  @Test
  @Order(5)
  void theNodePortAnswersOnEveryHostsAddress() throws Exception {
    int nodePort = admin.resource(io.kava.api.core.v1.Service.class).get(NS, APP).getSpec().getPorts(0).getNodePort();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (int host = 1; host <= 3; host++) {
      URI uri = URI.create("http://" + SimulatedHosts.address(host) + ":" + nodePort + "/cgi-bin/who");
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
      assertThat(response.body()).as(uri.toString()).contains(APP + "-");
    }
  }

  @Test
  @Order(6)
  void aHostReachesPodsOnAnotherHostThroughTheGuardEntryOfThatPodCidrOnly() {
    Pod callee = podOn("kava-h3");
    String h3Cidr = admin.resource(Node.class).get("", "kava-h3").getSpec().getPodCidr();

    DeployScript.Result r = hosts.exec(2, "timeout", "5", "busybox", "wget", "-qO-",
        "http://" + callee.getStatus().getPodIp() + ":8080/cgi-bin/who");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains(SimulatedHosts.address(2));
    String guard = hosts.exec(2, "iptables", "-w", "-S", "KAVA-POD-GUARD").output();
    assertThat(guard).contains("-d " + h3Cidr + " -o eth0 -m comment --comment \"kava guard " + h3Cidr + " via eth0\" -j RETURN")
        .contains("-d 10.244.0.0/16 ! -o kbr+ -m comment --comment \"kava pod network guard\" -j REJECT");
    // DNATed packets (a Service whose endpoint is on host 3) are judged in mangle: opened there the same way.
    assertThat(hosts.exec(2, "iptables", "-w", "-t", "mangle", "-S", "KAVA-POD-GUARD").output())
        .contains("-d " + h3Cidr + " -o eth0 -m comment --comment \"kava guard " + h3Cidr + " via eth0\" -j RETURN");
  }

  @Test
  @Order(7)
  void anAgentsKubeletServesLogsAndExecOnlyToAuthorizedCallers() {
    Pod pod = podOn("kava-h2");
    DeployScript.Result exec = kavactl("exec", pod.getMetadata().getName(), "--", "hostname");
    assertThat(exec.exitCode()).as(exec.output()).isZero();
    assertThat(exec.output()).contains(pod.getMetadata().getName());
    // No client certificate of the cluster CA: refused (--anonymous-auth=false), whatever the path.
    DeployScript.Result anonymous = DeployScript.run(scratch(), "/usr/bin/curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}",
        "--max-time", "5", "https://" + SimulatedHosts.address(2) + ":10250/pods");
    // 000: the TLS handshake itself refused (no client certificate); 401/403 would be refusals too.
    assertThat(anonymous.output().trim()).as("an anonymous caller of kava-h2's kubelet").isIn("000", "401", "403");
  }

  @Test
  @Order(8)
  void aWrongTokenATokenPinningAnotherCaAndAnExpiredTokenStopTheAgentAndNoNodeAppears() throws Exception {
    String join = Files.readString(SimulatedHosts.state(1).resolve("join-command")).trim();
    String good = join.substring(join.indexOf("--token ") + "--token ".length()).trim();
    String hash = good.substring(0, good.indexOf("::"));
    String id = good.substring(good.indexOf("::") + 2, good.indexOf('.'));
    DeployScript.Result created = kavactl("token", "create", "--ttl", "1s");
    assertThat(created.exitCode()).as(created.output()).isZero();
    String expired = created.output().lines().filter(l -> l.matches("K10[0-9a-f]{64}::[a-z0-9]{6}\\.[a-z0-9]{16}"))
        .findFirst().orElseThrow(() -> new AssertionError("no token in: " + created.output()));
    Thread.sleep(2_000); // the 1 s lifetime runs out
    Map<String, String> refusals = Map.of(
        hash + "::" + id + ".0123456789abcdef", "invalid value for key token-secret",
        "K10" + "0".repeat(64) + "::" + id + good.substring(good.indexOf('.')), "does not match the token's sha256:" + "0".repeat(64),
        // The token cleaner deletes a token at its expiry, so an expired one is mostly "not found" by then.
        expired, "");
    hosts.grow(4);
    for (Map.Entry<String, String> token : refusals.entrySet()) {
      Path state = SimulatedHosts.state(4);
      DeployScript.Result r = hosts.exec(4, DeployScript.repo().resolve("deploy/install.sh").toString(), "agent",
          "--server", "https://" + SimulatedHosts.address(1) + ":6443", "--token", token.getKey(), "--state-dir",
          state.toString(), "--node-name", "kava-h4", "--node-ip", SimulatedHosts.address(4), "--no-build");
      assertThat(r.exitCode()).as(r.output()).isNotZero();
      assertThat(r.output()).as(token.getKey()).contains(token.getValue()).contains("could not join");
      if (token.getValue().isEmpty()) {
        assertThat(r.output()).containsPattern("bootstrap token \"[a-z0-9]{6}\" (has expired|was not found)");
      }
      assertThat(r.output()).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(Files.exists(state.resolve("kubelet.kubeconfig"))).isFalse();
      assertThat(hosts.exec(4, "ip", "netns", "identify").output()).contains("kava-h4");
      assertThat(DeployScript.run(scratch(), "/usr/sbin/ip", "netns", "pids", "kava-h4").output().trim())
          .as("nothing left running on host 4").isEmpty();
    }
    assertThat(admin.resource(Node.class).list(ListOptions.all()).items())
        .noneMatch(n -> n.getMetadata().getName().equals("kava-h4"));
  }

  @Test
  @Order(9)
  void restartingAnAgentsProcessesKeepsItsPodsContainersAndIps() throws Exception {
    Map<String, String> ipsBefore = podIpsOn("kava-h2");
    Set<String> containersBefore = new HashSet<>(Docker.containersOfNode("kava-h2"));
    Path run = SimulatedHosts.state(2).resolve("run");
    long kubelet = Long.parseLong(Files.readString(run.resolve("kava-kubelet.child.pid")).trim());
    long proxy = Long.parseLong(Files.readString(run.resolve("kava-proxy.child.pid")).trim());

    ProcessHandle.of(kubelet).ifPresent(ProcessHandle::destroy);
    ProcessHandle.of(proxy).ifPresent(ProcessHandle::destroy);

    // The supervisor (Restart=always) starts both again.
    await().atMost(TIMEOUT).until(() -> restarted(run.resolve("kava-kubelet.child.pid"), kubelet)
        && restarted(run.resolve("kava-proxy.child.pid"), proxy));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(readyNodes()).contains("kava-h2"));
    // Long enough for the new kubelet to have synced every pod: what it adopted stays as it was.
    await().pollDelay(Duration.ofSeconds(20)).atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(new HashSet<>(Docker.containersOfNode("kava-h2"))).isEqualTo(containersBefore);
      assertThat(podIpsOn("kava-h2")).isEqualTo(ipsBefore);
    });
    Pod caller = podOn("kava-h2");
    PodShell.Result r = PodShell.httpGet(caller, "web", "http://" + podOn("kava-h3").getStatus().getPodIp() + ":8080/cgi-bin/who");
    assertThat(r.ok()).as(r.output()).isTrue();
  }

  @Test
  @Order(10)
  void uninstallingAnAgentHostTakesItsNodeAndRoutesAwayAndLeavesTheOtherHostsPodsAlone() {
    String h3Cidr = admin.resource(Node.class).get("", "kava-h3").getSpec().getPodCidr();
    Map<String, String> h2Ips = podIpsOn("kava-h2");
    Set<String> h2Containers = new HashSet<>(Docker.containersOfNode("kava-h2"));
    assertThat(hosts.exec(1, "ip", "route").output()).contains(h3Cidr + " via " + SimulatedHosts.address(3));

    DeployScript.Result r = hosts.exec(3, DeployScript.repo().resolve("deploy/install.sh").toString(), "uninstall",
        "--state-dir", SimulatedHosts.state(3).toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).doesNotContain("WARNING").contains("deploy/kavactl delete node kava-h3");
    // The step uninstall names, on the server (a kubelet may not delete its own Node, as upstream).
    DeployScript.Result deleted = kavactl("delete", "node", "kava-h3");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();

    assertThat(admin.resource(Node.class).list(ListOptions.all()).items()).noneMatch(n -> n.getMetadata().getName().equals("kava-h3"));
    for (int host : new int[] {1, 2}) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(hosts.exec(host, "ip", "route").output()).as("routes of host " + host).doesNotContain(h3Cidr));
      assertThat(hosts.exec(host, "iptables", "-w", "-S", "KAVA-POD-GUARD").output()).doesNotContain(h3Cidr);
      assertThat(hosts.exec(host, "iptables", "-w", "-t", "mangle", "-S", "KAVA-POD-GUARD").output()).doesNotContain(h3Cidr);
    }
    // Host 3 keeps nothing of Kava's: no containers, processes, bridge, chains.
    assertThat(Docker.containersOfNode("kava-h3")).isEmpty();
    assertThat(DeployScript.run(scratch(), "/usr/sbin/ip", "netns", "pids", "kava-h3").output().trim()).isEmpty();
    assertThat(hosts.exec(3, "ip", "link").output()).doesNotContain("kbr-");
    assertThat(hosts.exec(3, "iptables-save").output()).doesNotContain("KAVA");
    assertThat(Files.exists(SimulatedHosts.state(3))).isFalse();
    // The other hosts' pods were not touched, and still reach each other.
    assertThat(new HashSet<>(Docker.containersOfNode("kava-h2"))).isEqualTo(h2Containers);
    assertThat(podIpsOn("kava-h2")).isEqualTo(h2Ips);
    PodShell.Result reach = PodShell.httpGet(podOn("kava-h2"), "web",
        "http://" + podOn("kava-h1").getStatus().getPodIp() + ":8080/cgi-bin/who");
    assertThat(reach.ok()).as(reach.output()).isTrue();
  }

  // --- helpers ---------------------------------------------------------------------------------------

  /** deploy/kavactl as the admin of the cluster (its kubeconfig names https://10.250.0.11:6443). */
  private static DeployScript.Result kavactl(String... args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/env", "-u", "KAVA_API_SERVER", "-u", "KAVA_CONFIG",
        "KUBECONFIG=" + SimulatedHosts.state(1).resolve("admin.kubeconfig"), DeployScript.repo().resolve("deploy/kavactl").toString()));
    command.addAll(List.of(args));
    return DeployScript.run(scratch(), command.toArray(String[]::new));
  }

  private static Set<String> readyNodes() {
    return admin.resource(Node.class).list(ListOptions.all()).items().stream()
        .filter(n -> n.getStatus().getConditionsList().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
  }

  private static List<Pod> pods() {
    return admin.resource(Pod.class).list(ListOptions.inNamespace(NS).withLabelSelector("app=" + APP)).items().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp().isEmpty()).toList();
  }

  /** Waits until at least `count` pods are Running with an IP, and returns the running ones. */
  private static List<Pod> runningPods(int count) {
    List<Pod> running = new ArrayList<>();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      running.clear();
      pods().stream().filter(p -> p.getStatus().getPhase().equals("Running") && !p.getStatus().getPodIp().isEmpty())
          .forEach(running::add);
      assertThat(running).hasSizeGreaterThanOrEqualTo(count);
    });
    return running;
  }

  private static Pod podOn(String node) {
    return runningPods(1).stream().filter(p -> p.getSpec().getNodeName().equals(node)).findFirst()
        .orElseThrow(() -> new AssertionError("no running pod on " + node));
  }

  private static Map<String, String> podIpsOn(String node) {
    return pods().stream().filter(p -> p.getSpec().getNodeName().equals(node))
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getStatus().getPodIp()));
  }

  private static boolean restarted(Path pidFile, long before) throws Exception {
    if (!Files.exists(pidFile)) {
      return false;
    }
    long now = Long.parseLong(Files.readString(pidFile).trim());
    return now != before && ProcessHandle.of(now).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Path scratch() {
    return Path.of(System.getProperty("java.io.tmpdir"), "kava-multihost");
  }
}
