package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traffic through kube-proxy's rules on a cluster of real processes: a NodePort Service over 3 replicas
 * of the demo web server (its /hostname names the pod that answered), reached from the host through a
 * node address, from pods through the ClusterIP and the bridge address, while pods scale, turn unready
 * and kube-proxy restarts.
 */
class ServiceTrafficIT {
  private static final String NS = "default";
  private static final Duration QUICK = Duration.ofSeconds(20);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;
  private static Pod clientPod;

  @BeforeAll
  static void startClusterWithAWebService() throws Exception {
    cluster = new TestCluster().withServices().start();
    client = cluster.client();
    workloads = new Workloads(client);
    workloads.create("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: web
                image: nginx:1.14.2
                ports:
                - name: http
                  containerPort: 80
                readinessProbe:
                  exec:
                    command: ["sh", "-c", "! test -f /tmp/unready"]
                  periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          type: NodePort
          selector:
            app: web
          ports:
          - port: 80
            targetPort: http
        """);
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: client
        spec:
          nodeName: %s
          terminationGracePeriodSeconds: 1
          containers:
          - name: client
            image: busybox
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        """.formatted(cluster.nodeNames().get(1)));
    workloads.awaitEndpoints(NS, "web", workloads.awaitReadyPods(NS, "app=web", 3));
    clientPod = workloads.awaitReadyPod(NS, "client");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static int nodePort() {
    return workloads.service(NS, "web").getSpec().getPorts(0).getNodePort();
  }

  private static String clusterIp() {
    return workloads.service(NS, "web").getSpec().getClusterIp();
  }

  private static Set<String> webPodNames() {
    return Workloads.namesOf(workloads.readyPods(NS, "app=web"));
  }

  /** How often each pod answered `count` requests from the host to host:port; failures count as "failed". */
  private static Map<String, Integer> fromHost(String host, int port, int count) {
    Map<String, Integer> answers = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String body = HttpProbe.tryGet(host, port, "/hostname", 2000);
      answers.merge(body == null ? "failed" : body, 1, Integer::sum);
    }
    return answers;
  }

  /** The pods that answered `count` requests sent from inside the client pod (one shell loop). */
  private static Map<String, Integer> fromClientPod(String url, int count) {
    String script = "for i in $(seq " + count + "); do timeout 2 wget -qO- " + url + " || echo failed; done";
    Map<String, Integer> answers = new TreeMap<>();
    PodShell.exec(clientPod, "client", "sh", "-c", script).output().lines()
        .map(String::trim).filter(l -> !l.isEmpty()).forEach(l -> answers.merge(l, 1, Integer::sum));
    return answers;
  }

  private static void scale(int replicas) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(ApiException.class).until(() -> {
      Deployment d = client.resource(Deployment.class).get(NS, "web");
      client.resource(Deployment.class).update(d.toBuilder().setSpec(d.getSpec().toBuilder().setReplicas(replicas)).build());
      return true;
    });
  }

  @Test
  void threeHundredRequestsThroughTheNodePortFromTheHostReachAllThreePods() {
    Map<String, Integer> answers = fromHost(TestCluster.NODE_IPS[0], nodePort(), 300);
    assertThat(answers.keySet()).isEqualTo(webPodNames());
    assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
  }

  @Test
  void theNodePortAnswersOnEveryNodeAddress() {
    assertThat(HttpProbe.tryGet(TestCluster.NODE_IPS[1], nodePort(), "/hostname", 2000)).isIn(webPodNames());
  }

  @Test
  void threeHundredRequestsThroughTheClusterIpFromAPodOnTheOtherNodeReachAllThreePods() {
    Map<String, Integer> answers = fromClientPod("http://" + clusterIp() + "/hostname", 300);
    assertThat(answers.keySet()).isEqualTo(webPodNames());
  }

  @Test
  void aPodReachesTheNodePortThroughTheBridgeAddress() {
    Map<String, Integer> answers = fromClientPod("http://" + Docker.bridgeGateway() + ":" + nodePort() + "/hostname", 30);
    assertThat(answers.keySet()).isSubsetOf(webPodNames()).isNotEmpty();
  }

  @Test
  void aPodReachesItselfThroughItsOwnService() {
    Pod web = workloads.readyPods(NS, "app=web").get(0);
    String script = "for i in $(seq 30); do timeout 2 wget -qO- http://" + clusterIp() + "/hostname || echo failed; done";
    Set<String> answers = new TreeSet<>(PodShell.exec(web, "web", "sh", "-c", script).output().lines().toList());
    assertThat(answers).doesNotContain("failed").contains(web.getMetadata().getName());
  }

  @Test
  void scalingToOneAndBackToThreeTheRespondersFollow() {
    scale(1);
    List<Pod> one = workloads.awaitReadyPods(NS, "app=web", 1);
    await("only the remaining pod answers").atMost(QUICK).pollInterval(Duration.ofMillis(500))
        .until(() -> fromHost(TestCluster.NODE_IPS[0], nodePort(), 30).keySet().equals(Workloads.namesOf(one)));
    scale(3);
    List<Pod> three = workloads.awaitReadyPods(NS, "app=web", 3);
    await("all three pods answer").atMost(QUICK).pollInterval(Duration.ofMillis(500))
        .until(() -> fromHost(TestCluster.NODE_IPS[0], nodePort(), 60).keySet().equals(Workloads.namesOf(three)));
  }

  @Test
  void aPodFailingItsReadinessProbeLeavesTheRotationAndComesBack() {
    List<Pod> pods = workloads.awaitReadyPods(NS, "app=web", 3);
    Pod sick = pods.get(0);
    String name = sick.getMetadata().getName();
    assertThat(PodShell.exec(sick, "web", "touch", "/tmp/unready").ok()).isTrue();
    await(name + " out of rotation").atMost(QUICK).pollInterval(Duration.ofMillis(500))
        .until(() -> !fromHost(TestCluster.NODE_IPS[0], nodePort(), 30).containsKey(name));
    assertThat(fromHost(TestCluster.NODE_IPS[0], nodePort(), 60)).doesNotContainKeys(name, "failed");
    assertThat(PodShell.exec(sick, "web", "rm", "/tmp/unready").ok()).isTrue();
    await(name + " back in rotation").atMost(QUICK).pollInterval(Duration.ofMillis(500))
        .until(() -> fromHost(TestCluster.NODE_IPS[0], nodePort(), 30).containsKey(name));
  }

  @Test
  void trafficKeepsFlowingWhileKubeProxyIsDownAndAfterItsResync() throws Exception {
    cluster.stopKubeProxy();
    try {
      // The rules stay in the kernel while kube-proxy is away, as upstream's do.
      assertThat(fromHost(TestCluster.NODE_IPS[0], nodePort(), 30)).doesNotContainKey("failed");
    } finally {
      cluster.startKubeProxy();
    }
    workloads.create("""
        apiVersion: v1
        kind: Service
        metadata:
          name: after-restart
        spec:
          selector:
            app: web
          ports:
          - port: 8080
            targetPort: 80
        """);
    String ip = workloads.service(NS, "after-restart").getSpec().getClusterIp();
    await("a Service made after the restart answers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> HttpProbe.tryGet(ip, 8080, "/hostname", 2000) != null);
    assertThat(fromHost(TestCluster.NODE_IPS[0], nodePort(), 30)).doesNotContainKey("failed");
  }
}
