package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams from containers through the API server and the kubelets, driven by kavactl, on a cluster of
 * real processes: logs (follow, previous, a big log read whole), exec (exit code,
 * an interactive shell in a pseudo terminal), port-forward and cp; and the ServiceAccount files a pod reads
 * (issue 12). One cluster, one pod per scenario.
 */
class StreamsIT {
  private static final String NS = "default";
  private static final Duration QUICK = Duration.ofSeconds(30);

  private static TestCluster cluster;
  private static KavaClient client;
  private static Workloads workloads;

  @BeforeAll
  static void startClusterWithPods() throws Exception {
    // RBAC before AlwaysAllow: nothing is refused, but a rules review shows what RBAC grants the caller, which
    // tells the ServiceAccount token's identity (serviceAccountTokenAuthenticatesAsItsServiceAccountUntilThePodIsGone).
    cluster = new TestCluster().start();
    client = cluster.client();
    workloads = new Workloads(client);
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: ticker
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: ticker
            image: busybox
            command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: crasher
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: crasher
            image: busybox
            command: ["sh", "-c", "echo started at $(date +%s%N); sleep 1; exit 1"]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: web
            image: kava/demo:1.0
            ports:
            - containerPort: 80
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: two
          annotations:
            kubectl.kubernetes.io/default-container: second
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: first
            image: busybox
            command: ["sh", "-c", "echo from first; sleep 3600"]
          - name: second
            image: busybox
            command: ["sh", "-c", "echo from second; sleep 3600"]
        """);
    for (String name : List.of("ticker", "web", "two")) {
      workloads.awaitReadyPod(NS, name);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void logsFollowFollowsNewLines() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (KavactlRun kavactl = new KavactlRun(cluster.adminConfig(), InputStream.nullInputStream(), out)) {
      Thread follow = new Thread(() -> kavactl.run("logs", "-f", "ticker", "--tail", "1"));
      follow.start();
      await("the last line, then new ones").atMost(QUICK).until(() -> ticks(text(out)).size() >= 4);
      List<Integer> seen = ticks(text(out));
      assertThat(seen).as("consecutive lines after the tail").isSortedAccordingTo(Integer::compare);
      assertThat(seen.get(seen.size() - 1) - seen.get(0)).isEqualTo(seen.size() - 1);
      kavactl.close();
      follow.join(10_000);
      assertThat(follow.isAlive()).as("logs -f ends when its connection closes").isFalse();
    }
  }

  @Test
  void logsPreviousShowsTheCrashedContainer() {
    await("crasher restarted").atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> restarts("crasher") >= 1);
    KavactlRun kavactl = KavactlRun.capturing(cluster.adminConfig());
    await("previous logs readable").atMost(QUICK).until(() -> kavactl.run("logs", "crasher", "--previous") == 0
        && kavactl.out().contains("started at"));
    KavactlRun none = KavactlRun.capturing(cluster.adminConfig());
    assertThat(none.run("logs", "web", "--previous")).isEqualTo(1);
    assertThat(none.err().strip())
        .isEqualTo("Error from server (BadRequest): previous terminated container \"web\" in pod \"web\" not found");
  }

  @Test
  void logsOfAnUnknownContainerOrPodSayWhich() {
    KavactlRun kavactl = KavactlRun.capturing(cluster.adminConfig());
    assertThat(kavactl.run("logs", "ticker", "-c", "nope")).isEqualTo(1);
    assertThat(kavactl.err().strip()).isEqualTo("Error from server (BadRequest): container nope is not valid for pod ticker");
    KavactlRun missing = KavactlRun.capturing(cluster.adminConfig());
    assertThat(missing.run("logs", "ghost")).isEqualTo(1);
    assertThat(missing.err().strip()).isEqualTo("Error from server (NotFound): pods \"ghost\" not found");
  }

  @Test
  void theAnnotatedDefaultContainerIsUsedAndSaid() {
    KavactlRun kavactl = KavactlRun.capturing(cluster.adminConfig());
    assertThat(kavactl.run("logs", "two")).isZero();
    assertThat(kavactl.out()).isEqualTo("from second\n");
    KavactlRun all = KavactlRun.capturing(cluster.adminConfig());
    assertThat(all.run("logs", "two", "--all-containers", "--prefix")).isZero();
    assertThat(all.out()).isEqualTo("[pod/two/first] from first\n[pod/two/second] from second\n");
  }

  @Test
  void execPassesTheExitCodeThrough() {
    KavactlRun kavactl = KavactlRun.capturing(cluster.adminConfig());
    assertThat(kavactl.run("exec", "ticker", "--", "sh", "-c", "echo out; echo err >&2; exit 3")).isEqualTo(3);
    assertThat(kavactl.out()).isEqualTo("out\n");
    assertThat(kavactl.err()).isEqualTo("err\ncommand terminated with exit code 3\n");
  }

  @Test
  void execWithStdinPipesItToTheCommand() {
    byte[] input = "hello through stdin\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KavactlRun kavactl = new KavactlRun(cluster.adminConfig(), new java.io.ByteArrayInputStream(input), out);
    assertThat(kavactl.run("exec", "-i", "ticker", "--", "sh", "-c", "tr a-z A-Z")).isZero();
    assertThat(text(out)).isEqualTo("HELLO THROUGH STDIN\n");
  }

  @Test
  void runWithStdinAttachesPassesTheExitCodeAndRemovesThePod() {
    byte[] input = "hello\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KavactlRun kavactl = new KavactlRun(cluster.adminConfig(), new java.io.ByteArrayInputStream(input), out);
    int code = kavactl.run("run", "once", "--rm", "-i", "-q", "--restart=Never", "--image=busybox", "--",
        "sh", "-c", "read x; echo got $x; exit 4");
    assertThat(text(out)).contains("got hello").contains("pod \"once\" deleted");
    assertThat(code).isEqualTo(4);
    await("the pod is gone").atMost(QUICK).until(() -> client.resource(Pod.class).list(
        io.kava.client.ListOptions.all()).items().stream().noneMatch(p -> p.getMetadata().getName().equals("once")));
  }

  @Test
  void execItIsAnInteractiveShellInAPseudoTerminal() throws Exception {
    Path jar = Path.of(System.getProperty("user.dir")).getParent().resolve("kubectl/target/kava-kubectl.jar");
    String command = "java -XX:TieredStopAtLevel=1 -jar " + jar + " --kubeconfig " + cluster.kubeconfig("admin")
        + " exec -it ticker -- sh";
    Process script = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true).start();
    try {
      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> {
        try {
          script.getInputStream().transferTo(screen);
        } catch (IOException e) {
          // the process ended
        }
      });
      reader.start();
      OutputStream keys = script.getOutputStream();
      await("a prompt").atMost(QUICK).until(() -> text(screen).contains("# "));
      keys.write("echo $((6*7))\r".getBytes(StandardCharsets.UTF_8));
      keys.flush();
      await("the answer").atMost(QUICK).until(() -> text(screen).contains("42"));
      keys.write("exit 5\r".getBytes(StandardCharsets.UTF_8));
      keys.flush();
      assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(5000);
      assertThat(text(screen)).contains("echo $((6*7))").contains("\n42");
      assertThat(script.exitValue()).as("the shell's exit code, through script").isEqualTo(5);
    } finally {
      script.destroyForcibly();
    }
  }

  @Test
  void portForwardCarriesAnHttpRequest() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KavactlRun kavactl = new KavactlRun(cluster.adminConfig(), InputStream.nullInputStream(), out);
    AtomicInteger exit = new AtomicInteger(-1);
    Thread forward = new Thread(() -> exit.set(kavactl.run("port-forward", "pod/web", ":80")));
    forward.start();
    try {
      await("listening").atMost(QUICK).until(() -> text(out).contains("Forwarding from 127.0.0.1:"));
      Matcher m = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 80").matcher(text(out));
      assertThat(m.find()).isTrue();
      int port = Integer.parseInt(m.group(1));
      for (int i = 0; i < 3; i++) {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
        http.setConnectTimeout(5000);
        http.setReadTimeout(10000);
        assertThat(http.getResponseCode()).isEqualTo(200);
        String body = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains("web");
        http.disconnect();
      }
      assertThat(text(out)).contains("Handling connection for " + port);
    } finally {
      forward.interrupt();
      forward.join(10_000);
      kavactl.close();
    }
    assertThat(forward.isAlive()).isFalse();
  }

  @Test
  void cpBothWaysKeepsTheBytes(@TempDir Path dir) throws Exception {
    byte[] blob = new byte[3 * 1024 * 1024 + 123];
    new Random(42).nextBytes(blob);
    Path local = dir.resolve("blob.bin");
    Files.write(local, blob);
    KavactlRun up = KavactlRun.capturing(cluster.adminConfig());
    assertThat(up.run("cp", local.toString(), "ticker:/tmp/blob.bin")).as(up.err()).isZero();
    KavactlRun size = KavactlRun.capturing(cluster.adminConfig());
    assertThat(size.run("exec", "ticker", "--", "wc", "-c", "/tmp/blob.bin")).isZero();
    assertThat(size.out().strip()).startsWith(Integer.toString(blob.length));
    Path back = dir.resolve("back.bin");
    KavactlRun down = KavactlRun.capturing(cluster.adminConfig());
    assertThat(down.run("cp", "ticker:/tmp/blob.bin", back.toString())).as(down.err()).isZero();
    assertThat(Files.readAllBytes(back)).isEqualTo(blob);
  }

  @Test
  void aBigLogStreamsThroughWhole() throws Exception {
    // Whole lines only: Docker keeps an unfinished last line back until its newline comes.
    String line = "0123456789012345678901234567890123456789012345678901234567890123456789";
    // -Dstreams.bigLogMiB=320 exceeds the -Xmx256m of the API server and kubelets; the default is smaller
    // because `docker logs` itself reads about 1.3 MB/s on a loaded 2-core machine.
    long mib = Long.getLong("streams.bigLogMiB", 48);
    long lines = mib * 1024 * 1024 / (line.length() + 1);
    long bytes = lines * (line.length() + 1);
    workloads.create("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: chatty
        spec:
          terminationGracePeriodSeconds: 1
          restartPolicy: Never
          containers:
          - name: chatty
            image: busybox
            command: ["sh", "-c", "yes %s | head -n %d; sleep 3600"]
        """.formatted(line, lines));
    workloads.awaitReadyPod(NS, "chatty");
    AtomicLong counted = new AtomicLong();
    OutputStream counter = new OutputStream() {
      @Override
      public void write(int b) {
        counted.incrementAndGet();
      }

      @Override
      public void write(byte[] b, int off, int len) {
        counted.addAndGet(len);
      }
    };
    // The container writes for a few seconds: read until the whole log has come through once.
    await().alias("the whole log, " + bytes + " bytes").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      counted.set(0);
      KavactlRun kavactl = new KavactlRun(cluster.adminConfig(), InputStream.nullInputStream(), counter);
      return kavactl.run("logs", "chatty") == 0 && counted.get() == bytes;
    });
    assertThat(counted.get()).isEqualTo(bytes);
  }

  private static int restarts(String pod) {
    Pod p = client.resource(Pod.class).get(NS, pod);
    return p.getStatus().getContainerStatusesCount() == 0 ? 0 : p.getStatus().getContainerStatuses(0).getRestartCount();
  }

  private static List<Integer> ticks(String text) {
    Matcher m = Pattern.compile("tick (\\d+)\n").matcher(text);
    List<Integer> result = new java.util.ArrayList<>();
    while (m.find()) {
      result.add(Integer.parseInt(m.group(1)));
    }
    return result;
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static final String SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount/";

  /**
   * Issue 12: in a new namespace the controllers make the default ServiceAccount and kube-root-ca.crt, the
   * admission mounts kube-api-access-*, the kubelet writes a token bound to the pod. Read through exec, the
   * token authenticates as system:serviceaccount:NS:default (RBAC grants that user one rule, which the rules
   * review of the token's caller lists) and is refused once the pod is gone.
   */
  @Test
  void serviceAccountTokenAuthenticatesAsItsServiceAccountUntilThePodIsGone() throws Exception {
    String ns = "sa-e2e";
    workloads.create("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: sa-e2e
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: proof
          namespace: sa-e2e
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          resourceNames: [only-the-default-service-account]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: proof
          namespace: sa-e2e
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: proof
        subjects:
        - kind: ServiceAccount
          name: default
          namespace: sa-e2e
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: reader
          namespace: sa-e2e
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: reader
            image: busybox
            command: ["sleep", "3600"]
        """);
    workloads.awaitReadyPod(ns, "reader");
    assertThat(client.resource(Pod.class).get(ns, "reader").getSpec().getServiceAccountName()).isEqualTo("default");

    // One exec for the three files (each exec costs a stream through the API server and the kubelet).
    KavactlRun kavactl = KavactlRun.capturing(cluster.adminConfig());
    assertThat(kavactl.run("-n", ns, "exec", "reader", "--", "sh", "-c",
        "cd " + SA_DIR + " && cat namespace && echo '|' && cat ca.crt && echo '|' && cat token")).as(kavactl.err()).isZero();
    String[] files = kavactl.out().split("\\n?\\|\\n");
    assertThat(files).hasSize(3);
    assertThat(files[0]).isEqualTo(ns);
    assertThat(files[1]).isEqualTo(Files.readString(cluster.rootCaFile()).stripTrailing());
    String token = files[2];
    assertThat(token.split("\\.")).as("a JWT").hasSize(3);

    // TLS with the cluster CA and no client certificate: the bearer token is the only credential.
    var admin = cluster.adminConfig();
    try (KavaClient asPod = KavaClient.connect(
        new io.kava.client.config.ClientConfig(admin.server(), true, admin.certificateAuthorities(), null, null))
        .withInterceptors(new io.kava.client.auth.BearerToken(token))) {
      var review = new io.kava.client.AccessReviewClient(asPod).create(
          io.kava.api.authorization.v1.SelfSubjectRulesReview.newBuilder()
              .setSpec(io.kava.api.authorization.v1.SelfSubjectRulesReviewSpec.newBuilder().setNamespace(ns)).build());
      assertThat(review.getStatus().getResourceRulesList()).as("RBAC's rules for system:serviceaccount:sa-e2e:default")
          .anyMatch(r -> r.getResourceNamesList().contains("only-the-default-service-account"));

      client.resource(Pod.class).delete(ns, "reader");
      await("the token dies with its pod").atMost(QUICK).pollInterval(Duration.ofMillis(200)).until(() -> {
        try {
          new io.kava.client.AccessReviewClient(asPod).create(io.kava.api.authorization.v1.SelfSubjectRulesReview
              .newBuilder().setSpec(io.kava.api.authorization.v1.SelfSubjectRulesReviewSpec.newBuilder().setNamespace(ns))
              .build());
          return false;
        } catch (ApiException e) {
          return e.code() == io.grpc.Status.Code.UNAUTHENTICATED;
        }
      });
    }
  }
}
