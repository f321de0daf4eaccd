package io.kava.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.client.ListOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * withNodes(2): a server container and an agent joined through the bootstrap token, on a network of
 * their own. One cluster for the class (a start costs minutes); the last test closes it and checks
 * that no container and no network is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KavaMultiNodeIT {
  private static final KavaContainer KAVA = new KavaContainer().withNodes(2);
  private static final String WEB = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                - labelSelector:
                    matchLabels: {app: web}
                  topologyKey: kubernetes.io/hostname
            containers:
            - name: nginx
              image: nginx:1.14.2
              ports:
              - containerPort: 80
      """;

  private static long startSeconds;

  @BeforeAll
  static void start() {
    long begin = System.nanoTime();
    KAVA.start();
    startSeconds = Duration.ofNanos(System.nanoTime() - begin).toSeconds();
    System.out.println("KavaMultiNodeIT: withNodes(2) start() to all Nodes Ready in " + startSeconds + " s");
  }

  @AfterAll
  static void stop() {
    KAVA.stop();
  }

  @Test
  @Order(1)
  void bothNodesAreReadyWithDistinctNamesAndPodCidrs() {
    List<Node> nodes = KAVA.client().resource(Node.class).list(ListOptions.all()).items();
    assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrder("kava-node-1", "kava-node-2");
    assertThat(nodes).allSatisfy(n -> assertThat(n.getStatus().getConditionsList())
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Ready");
          assertThat(c.getStatus()).isEqualTo("True");
        }));
    assertThat(nodes).extracting(n -> n.getSpec().getPodCidr()).doesNotHaveDuplicates().allMatch(c -> c.startsWith("10.244."));
    assertThat(KAVA.getAgents()).hasSize(1);
  }

  @Test
  @Order(2)
  void aDeploymentOfTwoWithAntiAffinityRunsOnePodOnEachNode() {
    KAVA.apply(WEB);
    Map<String, Pod> byNode = runningWebPods();
    assertThat(byNode).containsOnlyKeys("kava-node-1", "kava-node-2");
    Map<String, String> cidrs = KAVA.client().resource(Node.class).list(ListOptions.all()).items().stream()
        .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n.getSpec().getPodCidr()));
    byNode.forEach((node, pod) -> assertThat(pod.getStatus().getPodIp())
        .as("pod IP of the pod on " + node)
        .startsWith(cidrs.get(node).substring(0, cidrs.get(node).lastIndexOf('.') + 1)));
  }

  @Test
  @Order(3)
  void aPodReachesThePodOnTheOtherNodeByItsPodIp() {
    Map<String, Pod> byNode = runningWebPods();
    Pod one = byNode.get("kava-node-1");
    Pod two = byNode.get("kava-node-2");
    // exec on the agent's kubelet (node 2), then on the server's (node 1): both directions.
    assertThat(wget(two, "http://" + one.getStatus().getPodIp() + "/hostname")).isEqualTo(one.getMetadata().getName());
    assertThat(wget(one, "http://" + two.getStatus().getPodIp() + "/hostname")).isEqualTo(two.getMetadata().getName());
  }

  @Test
  @Order(4)
  void aClusterIpServiceAndItsDnsNameAnswerFromTheOtherNode() {
    Map<String, Pod> byNode = runningWebPods();
    Pod one = byNode.get("kava-node-1");
    Pod two = byNode.get("kava-node-2");
    // One Service per pod (a label only it has), so the answer says which node served it.
    KAVA.kavactlOrThrow("label", "pod", one.getMetadata().getName(), "side=one");
    KAVA.kavactlOrThrow("label", "pod", two.getMetadata().getName(), "side=two");
    KAVA.apply(service("on-one", "one") + "---\n" + service("on-two", "two"));
    String clusterIp = KAVA.client().resource(Service.class).get("default", "on-two").getSpec().getClusterIp();
    assertThat(clusterIp).startsWith("10.96.");
    // From node 1 to the pod on node 2 by ClusterIP; from node 2 (its DNS on the server) to node 1 by name.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() ->
        assertThat(wget(one, "http://" + clusterIp + "/hostname")).isEqualTo(two.getMetadata().getName()));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() ->
        assertThat(wget(two, "http://on-one/hostname")).isEqualTo(one.getMetadata().getName()));
  }

  @Test
  @Order(5)
  void aLoadedImageIsInEveryNodesEngine() throws Exception {
    DockerClient docker = DockerClientFactory.instance().client();
    String tag = "multi" + ProcessHandle.current().pid();
    String image = "kava/tc-load-check:" + tag;
    docker.tagImageCmd("kava/busybox:latest", "kava/tc-load-check", tag).exec();
    try {
      KAVA.loadImage(image);
      String id = docker.inspectImageCmd(image).exec().getId();
      List<GenericContainer<?>> nodes = new ArrayList<>(List.of(KAVA));
      nodes.addAll(KAVA.getAgents());
      for (GenericContainer<?> node : nodes) {
        var inspect = node.execInContainer("docker", "image", "inspect", "-f", "{{.Id}}", image);
        assertThat(inspect.getExitCode()).as(inspect.getStderr()).isZero();
        assertThat(inspect.getStdout().strip()).isEqualTo(id);
      }
    } finally {
      docker.removeImageCmd(image).exec();
    }
  }

  @Test
  @Order(6)
  void closeLeavesNoContainerAndNoNetwork() {
    List<String> containers = new ArrayList<>(List.of(KAVA.getContainerId()));
    KAVA.getAgents().forEach(a -> containers.add(a.getContainerId()));
    String network = KAVA.getNetwork().getId();
    assertThat(containers).hasSize(2);

    KAVA.close();

    DockerClient docker = DockerClientFactory.instance().client();
    for (String id : containers) {
      assertThatThrownBy(() -> docker.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
    }
    assertThatThrownBy(() -> docker.inspectNetworkCmd().withNetworkId(network).exec()).isInstanceOf(NotFoundException.class);
    assertThat(KAVA.getAgents()).isEmpty();
  }

  private static String service(String name, String side) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %s
        spec:
          selector: {side: %s}
          ports:
          - port: 80
            targetPort: 80
        """.formatted(name, side);
  }

  /** The web pods, once both are Running, by node name. */
  private static Map<String, Pod> runningWebPods() {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> webPods().values().stream()
        .filter(p -> p.getStatus().getPhase().equals("Running") && !p.getStatus().getPodIp().isEmpty()).count() == 2);
    return webPods();
  }

  private static Map<String, Pod> webPods() {
    return KAVA.client().resource(Pod.class).list(ListOptions.inNamespace("default").withLabelSelector("app=web")).items()
        .stream().collect(Collectors.toMap(p -> p.getSpec().getNodeName(), Function.identity(), (a, b) -> a));
  }

  private static String wget(Pod from, String url) {
    return KAVA.kavactlOrThrow("exec", from.getMetadata().getName(), "--", "sh", "-c", "timeout 5 wget -qO- " + url).strip();
  }
}
