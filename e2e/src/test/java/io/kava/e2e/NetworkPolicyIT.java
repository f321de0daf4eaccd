package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Pod;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NetworkPolicy enforced by kube-proxy's network policy controller on real Docker and iptables: a web
 * server pod in "default", a client labelled access=true and one without, and a probe pod in another
 * namespace labelled team=blue. Every attempt is `timeout 2 wget` from inside a pod, so a dropped
 * connection fails within 2 s. Each test deletes its policies, so they do not depend on each other.
 */
class NetworkPolicyIT {
  private static final String NS = "default";
  private static final String OTHER = "np-other";
  /** Policies take effect (or go) within this long after the API has them. */
  private static final Duration TAKES_EFFECT = Duration.ofSeconds(15);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;
  private static Pod server;
  private static Pod allowed;
  private static Pod stranger;
  private static Pod probe;
  private static Pod otherServer;

  @BeforeAll
  static void startClusterWithPods() throws Exception {
    cluster = new TestCluster().withServices().start();
    client = cluster.client();
    workloads = new Workloads(client);
    workloads.create("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels:
            team: blue
        """.formatted(OTHER));
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: server
          labels:
            app: web
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: web
            image: nginx:1.14.2
            ports:
            - name: http
              containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: http
        """);
    createClient(NS, "allowed", "access: \"true\"");
    createClient(NS, "stranger", "role: none");
    // Pods of a new namespace wait for its default ServiceAccount.
    await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(ApiException.class).until(() -> {
      createClient(OTHER, "probe", "access: \"true\"");
      return true;
    });
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: other-server
          namespace: %s
          labels:
            app: web
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: web
            image: nginx:1.14.2
        """.formatted(OTHER));
    server = workloads.awaitReadyPod(NS, "server");
    allowed = workloads.awaitReadyPod(NS, "allowed");
    stranger = workloads.awaitReadyPod(NS, "stranger");
    probe = workloads.awaitReadyPod(OTHER, "probe");
    otherServer = workloads.awaitReadyPod(OTHER, "other-server");
    workloads.awaitEndpoints(NS, "web", java.util.List.of(server));
  }

  private static void createClient(String namespace, String name, String labels) {
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          labels: {%s}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: client
            image: busybox
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        """.formatted(name, namespace, labels));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void deletePolicies() {
    for (String ns : new String[] {NS, OTHER}) {
      for (NetworkPolicy p : client.resource(NetworkPolicy.class).list(ListOptions.inNamespace(ns)).items()) {
        client.resource(NetworkPolicy.class).delete(ns, p.getMetadata().getName());
      }
    }
    await("traffic is back after the policies went").atMost(TAKES_EFFECT).pollInterval(Duration.ofMillis(300))
        .until(() -> reaches(stranger, server) && reaches(allowed, server) && reaches(probe, server)
            && reaches(allowed, otherServer));
  }

  /** One HTTP request from a pod to another's pod IP (or a URL host), bounded at 2 s. */
  private static boolean reaches(Pod from, String host) {
    String container = from.getSpec().getContainers(0).getName();
    return PodShell.exec(from, container, "timeout", "2", "wget", "-qO-", "http://" + host + "/hostname").ok();
  }

  private static boolean reaches(Pod from, Pod to) {
    return reaches(from, to.getStatus().getPodIp());
  }

  private static void apply(String yaml) {
    workloads.create(yaml);
  }

  private static void awaitBlocked(Pod from, Pod to) {
    await(from.getMetadata().getName() + " is kept from " + to.getMetadata().getName()).atMost(TAKES_EFFECT)
        .pollInterval(Duration.ofMillis(300)).until(() -> !reaches(from, to));
  }

  @Test
  void withoutAPolicyEveryPodReachesTheServer() {
    assertThat(reaches(stranger, server)).isTrue();
    assertThat(reaches(allowed, server)).isTrue();
    assertThat(reaches(probe, server)).isTrue();
  }

  @Test
  void aDefaultDenyIngressPolicyKeepsEveryoneOutWithinTwoSecondsAndDeletingItLetsThemBackIn() {
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny-ingress
        spec:
          podSelector: {}
          policyTypes:
          - Ingress
        """);
    awaitBlocked(stranger, server);
    long start = System.nanoTime();
    assertThat(reaches(allowed, server)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(reaches(probe, server)).isFalse();
    // Pods of the namespace are isolated for ingress only: their own connections out still work.
    assertThat(reaches(allowed, otherServer)).isTrue();
    client.resource(NetworkPolicy.class).delete(NS, "default-deny-ingress");
    await("the server is reachable again").atMost(TAKES_EFFECT).pollInterval(Duration.ofMillis(300))
        .until(() -> reaches(stranger, server));
  }

  @Test
  void aPolicyAllowingAccessTrueLetsTheLabelledClientInAndNotTheOther() {
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: access-web
        spec:
          podSelector:
            matchLabels:
              app: web
          ingress:
          - from:
            - podSelector:
                matchLabels:
                  access: "true"
            ports:
            - port: http
        """);
    awaitBlocked(stranger, server);
    assertThat(reaches(allowed, server)).isTrue();
    // A podSelector alone means the policy's namespace: the labelled probe of the other namespace stays out.
    assertThat(reaches(probe, server)).isFalse();
  }

  @Test
  void trafficThroughAServiceIsJudgedByThePodItReaches() {
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: access-web
        spec:
          podSelector:
            matchLabels:
              app: web
          ingress:
          - from:
            - podSelector:
                matchLabels:
                  access: "true"
        """);
    String clusterIp = workloads.service(NS, "web").getSpec().getClusterIp();
    await("the stranger is kept from the Service").atMost(TAKES_EFFECT).pollInterval(Duration.ofMillis(300))
        .until(() -> !reaches(stranger, clusterIp));
    assertThat(reaches(allowed, clusterIp)).isTrue();
  }

  @Test
  void anEgressDenyPolicyKeepsTheSelectedPodFromConnectingOut() {
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny-egress-of-allowed
        spec:
          podSelector:
            matchLabels:
              access: "true"
          policyTypes:
          - Egress
        """);
    awaitBlocked(allowed, server);
    assertThat(reaches(allowed, otherServer)).isFalse();
    // Only the selected pod's connections out are restricted; the stranger's are not.
    assertThat(reaches(stranger, server)).isTrue();
    assertThat(reaches(stranger, otherServer)).isTrue();
  }

  @Test
  void anEgressPolicyAllowingOnePortToOnePodLetsOnlyThatOut() {
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: allowed-to-web-only
        spec:
          podSelector:
            matchLabels:
              access: "true"
          egress:
          - to:
            - namespaceSelector:
                matchLabels:
                  kubernetes.io/metadata.name: default
              podSelector:
                matchLabels:
                  app: web
            ports:
            - protocol: TCP
              port: 80
        """);
    await("allowed is kept from the other server").atMost(TAKES_EFFECT).pollInterval(Duration.ofMillis(300))
        .until(() -> !reaches(allowed, otherServer));
    assertThat(reaches(allowed, server)).isTrue();
  }

  @Test
  void aPolicyInAnotherNamespaceDoesNotAffectThisOne() {
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny-ingress
          namespace: %s
        spec:
          podSelector: {}
          policyTypes:
          - Ingress
        """.formatted(OTHER));
    awaitBlocked(allowed, otherServer);
    assertThat(reaches(stranger, server)).isTrue();
    assertThat(reaches(probe, server)).isTrue();
  }

  @Test
  void aNamespaceSelectorLetsInThePodsOfTheNamespacesItSelects() {
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: from-team-blue
        spec:
          podSelector:
            matchLabels:
              app: web
          ingress:
          - from:
            - namespaceSelector:
                matchLabels:
                  team: blue
        """);
    awaitBlocked(stranger, server);
    assertThat(reaches(allowed, server)).isFalse();
    assertThat(reaches(probe, server)).isTrue();
  }

  @Test
  void anIpBlockWithAnExceptLetsTheRangeInButNotTheException() {
    String strangerIp = stranger.getStatus().getPodIp();
    String[] octets = strangerIp.split("\\.");
    String podRange = octets[0] + "." + octets[1] + ".0.0/16"; // holds every pod of this host, bridge or CNI
    apply("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: from-pod-range
        spec:
          podSelector:
            matchLabels:
              app: web
          ingress:
          - from:
            - ipBlock:
                cidr: %s
                except:
                - %s/32
        """.formatted(podRange, strangerIp));
    awaitBlocked(stranger, server);
    assertThat(reaches(allowed, server)).isTrue();
    assertThat(reaches(probe, server)).isTrue();
  }
}
