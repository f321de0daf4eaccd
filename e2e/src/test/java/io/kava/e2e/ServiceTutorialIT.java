package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.client.KavaClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes docs' tutorial "Connecting Applications with Services", its manifests unchanged
 * (deploy/examples/service/), on a cluster of real processes with kube-proxy and the cluster DNS: a pod
 * finds the nginx pods by the Service's name, its FQDN and its ClusterIP, sees the Service's environment
 * variables, and a headless Service answers one A record per ready pod.
 */
class ServiceTutorialIT {
  private static final String NS = "default";
  private static final Duration QUICK = Duration.ofSeconds(20);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;
  private static List<Pod> nginxPods;
  private static Pod clientPod;

  @BeforeAll
  static void startClusterAndApplyTheTutorial() throws Exception {
    cluster = new TestCluster().withServices().start();
    client = cluster.client();
    workloads = new Workloads(client);
    workloads.create(Workloads.example("service/run-my-nginx.yaml"));
    workloads.create(Workloads.example("service/nginx-svc.yaml"));
    nginxPods = workloads.awaitReadyPods(NS, "run=my-nginx", 2);
    workloads.awaitEndpoints(NS, "my-nginx", nginxPods);
    // Created after the Service, so the kubelet gives it the Service's environment variables.
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: client
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: client
            image: busybox
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        """);
    clientPod = workloads.awaitReadyPod(NS, "client");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String clusterIp(String service) {
    return workloads.service(NS, service).getSpec().getClusterIp();
  }

  /** Retries a request from the client pod a few times: rules and records follow the API within a second. */
  private static String fromClientPod(String url) {
    String[] body = new String[1];
    await("GET " + url + " from pod client").atMost(QUICK).pollInterval(Duration.ofMillis(500)).until(() -> {
      PodShell.Result r = PodShell.httpGet(clientPod, "client", url);
      body[0] = r.output();
      return r.ok();
    });
    return body[0];
  }

  /** The addresses busybox's nslookup printed for a name (after its "Name:" line). */
  private static Set<String> lookup(String name) {
    PodShell.Result r = PodShell.exec(clientPod, "client", "nslookup", name);
    Set<String> addresses = new TreeSet<>();
    int answers = r.output().indexOf("Name:");
    if (r.ok() && answers >= 0) {
      Matcher m = Pattern.compile("Address: (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(r.output().substring(answers));
      while (m.find()) {
        addresses.add(m.group(1));
      }
    }
    return addresses;
  }

  @Test
  void theServiceGotAClusterIpFromTheServiceRange() {
    String ip = clusterIp("my-nginx");
    assertThat(ip).startsWith(cluster.serviceCidr().substring(0, cluster.serviceCidr().lastIndexOf('.') + 1));
    assertThat(workloads.service(NS, "kubernetes").getSpec().getClusterIp())
        .isEqualTo(cluster.dnsServiceIp().replaceAll("\\.10$", ".1"));
  }

  @Test
  void aPodReachesNginxByTheServiceName() {
    assertThat(fromClientPod("http://my-nginx/")).contains("Welcome to nginx!");
  }

  @Test
  void aPodReachesNginxByTheFullyQualifiedName() {
    assertThat(fromClientPod("http://my-nginx.default.svc.cluster.local/")).contains("Welcome to nginx!");
  }

  @Test
  void aPodReachesNginxByTheClusterIp() {
    assertThat(fromClientPod("http://" + clusterIp("my-nginx") + "/")).contains("Welcome to nginx!");
  }

  @Test
  void theClusterDnsAnswersTheServiceNameWithItsClusterIp() {
    assertThat(lookup("my-nginx.default.svc.cluster.local")).containsExactly(clusterIp("my-nginx"));
  }

  @Test
  void aPodCreatedAfterTheServiceSeesItsEnvironmentVariables() {
    String env = PodShell.exec(clientPod, "client", "env").output();
    String ip = clusterIp("my-nginx");
    assertThat(env.lines()).contains(
        "MY_NGINX_SERVICE_HOST=" + ip,
        "MY_NGINX_SERVICE_PORT=80",
        "MY_NGINX_PORT=tcp://" + ip + ":80",
        "MY_NGINX_PORT_80_TCP=tcp://" + ip + ":80",
        "MY_NGINX_PORT_80_TCP_PROTO=tcp",
        "MY_NGINX_PORT_80_TCP_PORT=80",
        "MY_NGINX_PORT_80_TCP_ADDR=" + ip,
        "KUBERNETES_SERVICE_HOST=" + clusterIp("kubernetes"));
  }

  @Test
  void aPodsResolvConfPointsAtTheClusterDns() {
    String resolv = PodShell.exec(clientPod, "client", "cat", "/etc/resolv.conf").output();
    assertThat(resolv.lines()).contains("nameserver " + cluster.dnsServiceIp(), "options ndots:5");
    assertThat(resolv.lines()).anyMatch(l -> l.startsWith("search default.svc.cluster.local svc.cluster.local cluster.local"));
  }

  @Test
  void aHeadlessServiceAnswersOneARecordPerReadyPodAndSrvForItsNamedPort() {
    workloads.create("""
        apiVersion: v1
        kind: Service
        metadata:
          name: my-nginx-headless
        spec:
          clusterIP: None
          selector:
            run: my-nginx
          ports:
          - name: http
            port: 80
        """);
    Set<String> podIps = Workloads.ipsOf(nginxPods);
    await("one A record per ready pod").atMost(QUICK).pollInterval(Duration.ofMillis(500))
        .until(() -> lookup("my-nginx-headless.default.svc.cluster.local").equals(podIps));
    PodShell.Result srv = PodShell.exec(clientPod, "client", "nslookup", "-type=SRV",
        "_http._tcp.my-nginx-headless.default.svc.cluster.local");
    assertThat(srv.ok()).as(srv.output()).isTrue();
    // busybox prints each SRV answer as "service = priority weight port target".
    assertThat(Pattern.compile("service = \\d+ \\d+ 80 ").matcher(srv.output()).results().count()).isEqualTo(2);
  }

  @Test
  void anUnknownNameInTheZoneIsNxdomain() {
    PodShell.Result r = PodShell.exec(clientPod, "client", "nslookup", "no-such-service.default.svc.cluster.local");
    assertThat(r.ok()).isFalse();
    assertThat(r.output()).contains("NXDOMAIN");
  }

  @Test
  void deletingAServiceRemovesItsRulesAndItsName() {
    workloads.create("""
        apiVersion: v1
        kind: Service
        metadata:
          name: short-lived
        spec:
          selector:
            run: my-nginx
          ports:
          - port: 8080
            targetPort: 80
        """);
    String ip = clusterIp("short-lived");
    assertThat(fromClientPod("http://short-lived:8080/")).contains("Welcome to nginx!");
    assertThat(Docker.iptablesSave()).contains(ip);
    client.resource(Service.class).delete(NS, "short-lived");
    await("rules of short-lived removed").atMost(QUICK).pollInterval(Duration.ofMillis(200))
        .until(() -> !Docker.iptablesSave().contains(ip + "/32"));
    await("name short-lived gone").atMost(QUICK).pollInterval(Duration.ofMillis(500))
        .until(() -> PodShell.exec(clientPod, "client", "nslookup", "short-lived.default.svc.cluster.local")
            .output().contains("NXDOMAIN"));
    assertThat(PodShell.httpGet(clientPod, "client", "http://" + ip + ":8080/").ok()).isFalse();
  }
}
