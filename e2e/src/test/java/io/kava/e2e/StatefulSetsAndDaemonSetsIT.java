package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.Node;
import io.kava.client.DeleteOptions;
import io.kava.api.core.v1.Pod;
import io.kava.client.KavaClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DaemonSets: one pod on each of three real nodes, Running and Ready; a fourth node that joins (its
 * kubelet started later) gets its own pod, pinned to it by node affinity, Running and Ready there;
 * that node removed (kubelet stopped, Node deleted) loses it.
 *
 * <p>The StatefulSet tutorial's web set (without volumeClaimTemplates: PersistentVolumesIT runs a set's claims)
 * on real processes: web-0, web-1, web-2 start in order, each Running and Ready before the next
 * exists; each answers at {@code web-N.nginx.default.svc.cluster.local} through the headless Service;
 * scaled to 1, web-2 goes before web-1 is touched. Pods are sampled every 100 ms and the order is an
 * invariant of every sample, so a controller that runs ahead fails. Then a new image makes a second
 * ControllerRevision; `rollout history` lists both, undo to a missing revision fails as kubectl's, and
 * `rollout undo` brings the first image back on web-0.
 */
class StatefulSetsAndDaemonSetsIT {
  private static final String NS = "default";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster().withServices().withRealNodes(4).withNodesStartedLater(1).start();
    client = cluster.client();
    workloads = new Workloads(client);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Map<String, Pod> podsByName() {
    return workloads.pods(NS, "app=nginx").stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
  }

  private static boolean live(Pod p) {
    return p != null && p.getMetadata().getDeletionTimestamp().isEmpty();
  }

  @Test
  void startsInOrderAnswersByNameAndScalesDownInReverse() throws Exception {
    workloads.create("""
        apiVersion: v1
        kind: Service
        metadata:
          name: nginx
          labels:
            app: nginx
        spec:
          ports:
          - port: 80
            name: web
          clusterIP: None
          selector:
            app: nginx
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              app: nginx
          serviceName: nginx
          replicas: 3
          template:
            metadata:
              labels:
                app: nginx
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: nginx
                image: nginx:1.14.2
                ports:
                - containerPort: 80
                  name: web
                readinessProbe:
                  httpGet:
                    path: /
                    port: 80
                  periodSeconds: 1
        """);

    List<String> violations = new ArrayList<>();
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
      Map<String, Pod> pods = podsByName();
      for (int i = 1; i < 3; i++) {
        Pod previous = pods.get("web-" + (i - 1));
        if (pods.containsKey("web-" + i) && !(live(previous) && Workloads.isReady(previous))) {
          violations.add("web-" + i + " existed while web-" + (i - 1) + " was not Running and Ready");
        }
      }
      return pods.values().stream().filter(p -> live(p) && Workloads.isReady(p)).count() == 3;
    });
    assertThat(violations).isEmpty();
    Pod web1 = podsByName().get("web-1");
    assertThat(web1.getSpec().getHostname()).isEqualTo("web-1");
    assertThat(web1.getSpec().getSubdomain()).isEqualTo("nginx");
    assertThat(web1.getMetadata().getLabelsMap()).containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
        .containsKey("controller-revision-hash");

    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(resolve("web-1.nginx.default.svc.cluster.local.")).containsExactly(web1.getStatus().getPodIp()));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      StatefulSet set = client.resource(StatefulSet.class).get(NS, "web");
      assertThat(set.getStatus().getReadyReplicas()).isEqualTo(3);
      assertThat(set.getStatus().getUpdateRevision()).isEqualTo(set.getStatus().getCurrentRevision()).isNotEmpty();
    });

    StatefulSet set = client.resource(StatefulSet.class).get(NS, "web");
    client.resource(StatefulSet.class).update(set.toBuilder()
        .setSpec(set.getSpec().toBuilder().setReplicas(1)).build());
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
      Map<String, Pod> pods = podsByName();
      if (pods.containsKey("web-2") && !live(pods.get("web-1"))) {
        violations.add("web-1 was deleted while web-2 still existed");
      }
      return pods.keySet().equals(java.util.Set.of("web-0"));
    });
    assertThat(violations).isEmpty();
    assertThat(live(podsByName().get("web-0"))).isTrue();

    // A new image is a second ControllerRevision; undo re-uses the first one and brings its image back.
    assertThat(kavactl(0, "set", "image", "sts/web", "nginx=kava/demo:1.0")).contains("image updated");
    awaitWeb0Running("kava/demo:1.0");
    assertThat(kavactl(0, "rollout", "history", "sts/web"))
        .isEqualTo("statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    assertThat(kavactl(1, "rollout", "undo", "sts/web", "--to-revision=5"))
        .isEqualTo("error: unable to find specified revision 5 in history\n");
    assertThat(kavactl(0, "rollout", "undo", "sts/web")).isEqualTo("statefulset.apps/web rolled back\n");
    awaitWeb0Running("nginx:1.14.2");
    assertThat(kavactl(0, "get", "controllerrevisions")).matches("(?s)NAME +CONTROLLER +REVISION +AGE\n"
        + "web-\\w+ +statefulset.apps/web +[23] .*\nweb-\\w+ +statefulset.apps/web +[23] .*");
  }

  /** web-0 live, Ready and running this image. */
  private static void awaitWeb0Running(String image) {
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
      Pod web0 = podsByName().get("web-0");
      return live(web0) && Workloads.isReady(web0)
          && web0.getSpec().getContainers(0).getImage().equals(image);
    });
  }

  /** kavactl in this JVM: its stdout, or its stderr when it fails; the exit code must be the one expected. */
  private static String kavactl(int exitCode, String... args) {
    try (KavactlRun run = KavactlRun.capturing(cluster.adminConfig())) {
      int code = run.run(args);
      assertThat(code).as("kavactl %s: %s%s", String.join(" ", args), run.out(), run.err()).isEqualTo(exitCode);
      return code == 0 ? run.out() : run.err();
    }
  }

  @Test
  void daemonSetRunsOnePodOnEveryNodeAndFollowsNodesComingAndGoing() throws Exception {
    workloads.create("""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          selector:
            matchLabels:
              app: agent
          template:
            metadata:
              labels:
                app: agent
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: agent
                image: busybox
                command: ["sleep", "3600"]
        """);
    List<String> allNodes = cluster.nodeNames();
    List<String> firstThree = allNodes.subList(0, 3);
    String fourth = allNodes.get(3);
    awaitAgentsReadyOn(firstThree);

    cluster.startKubelet(3);
    awaitAgentsReadyOn(allNodes);
    Pod onFourth = workloads.readyPods(NS, "app=agent").stream()
        .filter(p -> p.getSpec().getNodeName().equals(fourth)).findFirst().orElseThrow();
    assertThat(onFourth.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms(0).getMatchFields(0).getValuesList()).containsExactly(fourth);

    cluster.stopKubelet(3);
    client.resource(Node.class).delete("", fourth, DeleteOptions.defaults());
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(workloads.pods(NS, "app=agent").stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp().isEmpty())
          .map(p -> p.getSpec().getNodeName()).sorted().toList()).isEqualTo(firstThree);
      assertThat(client.resource(DaemonSet.class).get(NS, "agent").getStatus().getDesiredNumberScheduled()).isEqualTo(3);
    });
  }

  /** One agent pod on each of these nodes and no other, all Ready, and the DaemonSet's status counting them. */
  private static void awaitAgentsReadyOn(List<String> nodes) {
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(workloads.pods(NS, "app=agent").stream().map(p -> p.getSpec().getNodeName()).sorted().toList())
          .isEqualTo(nodes.stream().sorted().toList());
      assertThat(workloads.readyPods(NS, "app=agent")).hasSize(nodes.size());
      DaemonSet ds = client.resource(DaemonSet.class).get(NS, "agent");
      assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(nodes.size());
      assertThat(ds.getStatus().getNumberReady()).isEqualTo(nodes.size());
      assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(nodes.size());
    });
  }

  private static List<String> resolve(String name) throws Exception {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(cluster.dnsAddress(), cluster.dnsPort()));
    resolver.setTimeout(Duration.ofSeconds(2));
    Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    List<String> ips = new ArrayList<>();
    if (answer.getRcode() == Rcode.NOERROR) {
      for (Record r : answer.getSection(Section.ANSWER)) {
        if (r instanceof ARecord a) {
          ips.add(a.getAddress().getHostAddress());
        }
      }
    }
    return ips;
  }
}
