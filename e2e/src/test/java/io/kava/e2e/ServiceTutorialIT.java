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
 * variables, and a headless Service answers one A record per ready pod. Issue 12: a pod reaches the API
 * server through the kubernetes Service with its ServiceAccount token (kavactl in kava/kavactl).
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

  private static final String SA_NS = "in-pod";

  /**
   * Issue 12: kavactl inside a pod (image kava/kavactl, in-cluster configuration: KUBERNETES_SERVICE_HOST,
   * the projected token and ca.crt) reaches the API server through the kubernetes Service (kube-proxy DNATs
   * the ClusterIP to the API server's advertise address on the bridge), is the pod's ServiceAccount for
   * RBAC (a Role lets it list pods, not read Secrets), and the token, read out of the pod, is refused from
   * the host once the pod is gone.
   */
  @Test
  void kavactlInAPodUsesItsServiceAccountTokenUntilThePodIsGone() throws Exception {
    buildKavactlImage();
    workloads.create("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: in-pod
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: lister
          namespace: in-pod
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: pod-reader
          namespace: in-pod
        rules:
        - apiGroups: [""]
          resources: [pods]
          verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: lister-reads-pods
          namespace: in-pod
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: pod-reader
        subjects:
        - kind: ServiceAccount
          name: lister
          namespace: in-pod
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: kavactl
          namespace: in-pod
        spec:
          serviceAccountName: lister
          terminationGracePeriodSeconds: 1
          containers:
          - name: kavactl
            image: kava/kavactl:0.1.0
            command: ["sleep", "3600"]
        """);
    Pod pod = workloads.awaitReadyPod(SA_NS, "kavactl");

    // No kubeconfig, no --server, no -n: the in-cluster configuration and the pod's namespace.
    PodShell.Result pods = PodShell.exec(pod, "kavactl", "/bin/kavactl", "get", "pods");
    assertThat(pods.ok()).as(pods.output()).isTrue();
    assertThat(pods.output()).contains("kavactl").contains("Running");
    PodShell.Result whoami = PodShell.exec(pod, "kavactl", "/bin/kavactl", "auth", "whoami");
    assertThat(whoami.output()).contains("system:serviceaccount:in-pod:lister");
    PodShell.Result secret = PodShell.exec(pod, "kavactl", "/bin/kavactl", "get", "secret", "anything");
    assertThat(secret.ok()).isFalse();
    assertThat(secret.output()).contains("secrets \"anything\" is forbidden: User \"system:serviceaccount:in-pod:lister\""
        + " cannot get resource \"secrets\" in API group \"\" in the namespace \"in-pod\"");

    String token = PodShell.exec(pod, "kavactl", "cat", "/var/run/secrets/kubernetes.io/serviceaccount/token").output();
    var admin = cluster.adminConfig();
    try (KavaClient asPod = KavaClient.connect(
        new io.kava.client.config.ClientConfig(admin.server(), true, admin.certificateAuthorities(), null, null))
        .withInterceptors(new io.kava.client.auth.BearerToken(token))) {
      assertThat(asPod.resource(Pod.class).get(SA_NS, "kavactl").getMetadata().getName()).isEqualTo("kavactl");
      client.resource(Pod.class).delete(SA_NS, "kavactl");
      await("the token dies with its pod").atMost(QUICK).pollInterval(Duration.ofMillis(200)).until(() -> {
        try {
          asPod.resource(Pod.class).list(io.kava.client.ListOptions.inNamespace(SA_NS));
          return false;
        } catch (io.kava.client.ApiException e) {
          return e.code() == io.grpc.Status.Code.UNAUTHENTICATED;
        }
      });
    }
  }

  /** deploy/images/kavactl/build.sh: builds kava/kavactl when it is missing or its jars changed, else returns at once. */
  private static void buildKavactlImage() throws Exception {
    java.nio.file.Path repo = java.nio.file.Path.of(System.getProperty("user.dir")).getParent();
    Process build = new ProcessBuilder("bash", repo.resolve("deploy/images/kavactl/build.sh").toString())
        .redirectErrorStream(true).start();
    String out = new String(build.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(build.waitFor()).as(out).isZero();
  }
}
