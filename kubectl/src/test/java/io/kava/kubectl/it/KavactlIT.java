package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.ClassDataArchive;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kavactl against a real API server on a real etcd: the upstream nginx Deployment applies, reads back
 * with the server's defaults, re-applies as configured (seen by a watching `kavactl get -w` process), and
 * stale, unknown-field and invalid manifests are refused with kubectl's one-line errors.
 */
class KavactlIT {
  private static final String NGINX = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: nginx-deployment
        labels:
          app: nginx
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: nginx
        template:
          metadata:
            labels:
              app: nginx
          spec:
            containers:
            - name: nginx
              image: nginx:1.14.2
              ports:
              - containerPort: 80
      """;

  @TempDir
  static Path dir;
  private static Cluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CliRun kavactl() {
    return cluster.kavactl();
  }

  private static Path manifest(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void upstreamDeploymentAppliesReadsBackWithDefaultsAndReappliesAsConfigured() throws Exception {
    Path file = manifest("nginx-deployment.yaml", NGINX.replace("nginx-deployment", "web"));

    Result created = kavactl().run("apply", "-f", file.toString());
    Result again = kavactl().run("apply", "-f", file.toString());

    assertThat(created.out()).as(created.toString()).isEqualTo("deployment.apps/web created\n");
    assertThat(created.exitCode()).isZero();
    assertThat(again.out()).as(again.toString()).isEqualTo("deployment.apps/web unchanged\n");

    Result yaml = kavactl().run("get", "deploy", "web", "-o", "yaml");
    assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
    Deployment d = Manifests.parseAs(yaml.out(), Deployment.class);
    assertThat(d.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(d.getMetadata().getUid()).isNotEmpty();
    assertThat(d.getMetadata().getResourceVersion()).isNotEmpty();
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.14.2");
    assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(yaml.out()).contains("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n"
        + "      maxUnavailable: 25%\n      maxSurge: 25%\n");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers(0).getImagePullPolicy()).isEqualTo("IfNotPresent");

    Path changed = manifest("web-5.yaml", NGINX.replace("nginx-deployment", "web").replace("replicas: 3", "replicas: 5")
        .replace("image: nginx:1.14.2", "image: nginx:1.16.1"));
    Result configured = kavactl().run("apply", "-f", changed.toString());
    assertThat(configured.out()).as(configured.toString()).isEqualTo("deployment.apps/web configured\n");
    Deployment after = Manifests.parseAs(kavactl().run("get", "deploy", "web", "-o", "json").out(), Deployment.class);
    assertThat(after.getSpec().getReplicas()).isEqualTo(5);
    assertThat(after.getSpec().getTemplate().getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.16.1");
    assertThat(after.getSpec().getRevisionHistoryLimit()).as("server defaults survive the merge").isEqualTo(10);
    assertThat(after.getMetadata().getGeneration()).isGreaterThan(d.getMetadata().getGeneration());
  }

  @Test
  void aWatchingGetProcessSeesTheChangeOfASecondApply() throws Exception {
    Path file = manifest("nginx.yaml", NGINX);
    assertThat(kavactl().run("apply", "-f", file.toString()).out()).isEqualTo("deployment.apps/nginx-deployment created\n");
    List<String> lines = new CopyOnWriteArrayList<>();
    Process watch = jar("get", "deploy", "nginx-deployment", "-w");
    Thread reader = follow(watch, lines);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> lines.size() >= 2);
      assertThat(lines.get(0)).matches("NAME +READY +UP-TO-DATE +AVAILABLE +AGE");
      assertThat(lines.get(1)).matches("nginx-deployment +0/3 +0 +0 +\\d+s");

      Result configured = kavactl().run("apply", "-f",
          manifest("nginx-5.yaml", NGINX.replace("replicas: 3", "replicas: 5")).toString());
      assertThat(configured.out()).isEqualTo("deployment.apps/nginx-deployment configured\n");

      await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.matches("nginx-deployment +0/5 .*")));
      assertThat(watch.isAlive()).as("the watch runs until interrupted").isTrue();
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
    }
  }

  @Test
  void aStaleResourceVersionIsAConflictAndChangesNothing() throws Exception {
    kavactl().run("apply", "-f", manifest("stale-base.yaml", NGINX.replace("nginx-deployment", "stale")).toString());
    Deployment current = Manifests.parseAs(kavactl().run("get", "deploy", "stale", "-o", "yaml").out(), Deployment.class);
    kavactl().run("apply", "-f", manifest("stale-bump.yaml", NGINX.replace("nginx-deployment", "stale")
        .replace("replicas: 3", "replicas: 4")).toString());
    String stale = NGINX.replace("  name: nginx-deployment\n", "  name: stale\n  resourceVersion: \""
        + current.getMetadata().getResourceVersion() + "\"\n").replace("replicas: 3", "replicas: 7");

    Result r = kavactl().run("apply", "-f", manifest("stale.yaml", stale).toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "
        + "\"stale\": the object has been modified; please apply your changes to the latest version and try again\n");
    Deployment after = Manifests.parseAs(kavactl().run("get", "deploy", "stale", "-o", "yaml").out(), Deployment.class);
    assertThat(after.getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void anUnknownFieldIsRefusedWithItsPathAndNothingIsStored() throws Exception {
    String text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first-of-two\ndata:\n  a: \"1\"\n---\n"
        + NGINX.replace("nginx-deployment", "typo").replace("image: nginx", "imagee: nginx");
    Path file = manifest("typo.yaml", text);

    Result r = kavactl().run("apply", "-f", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: error validating \"" + file + "\" (document 2): unknown field "
        + "\"spec.template.spec.containers[0].imagee\"\n");
    assertThat(kavactl().run("get", "deploy", "typo").err())
        .isEqualTo("Error from server (NotFound): deployments.apps \"typo\" not found\n");
    assertThat(kavactl().run("get", "configmap", "first-of-two").err())
        .isEqualTo("Error from server (NotFound): configmaps \"first-of-two\" not found\n");
  }

  @Test
  void anInvalidValueShowsTheServersFieldPath() throws Exception {
    Path file = manifest("negative.yaml", NGINX.replace("nginx-deployment", "negative").replace("replicas: 3", "replicas: -1"));

    Result r = kavactl().run("apply", "-f", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo(
        "The Deployment \"negative\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
  }

  @Test
  void aMissingNamespaceIsNamed() throws Exception {
    Result r = kavactl().run("apply", "-n", "nope", "-f", manifest("ns.yaml", NGINX).toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("Error from server (NotFound): namespaces \"nope\" not found");
  }

  @Test
  void createGetDescribeAndDeleteThroughTheJar() throws Exception {
    String server = cluster.server();
    ProcessResult ns = runJar("--server", server, "create", "namespace", "jar-test");
    ProcessResult applied = runJar("--server", server, "apply", "-n", "jar-test", "-f",
        manifest("jar.yaml", NGINX.replace("nginx-deployment", "from-jar")).toString());
    ProcessResult table = runJar("--server", server, "get", "deploy,ns", "-n", "jar-test");
    ProcessResult describe = runJar("--server", server, "describe", "deploy", "from-jar", "-n", "jar-test");
    ProcessResult deleted = runJar("--server", server, "delete", "deploy", "from-jar", "-n", "jar-test");
    ProcessResult gone = runJar("--server", server, "get", "deploy", "from-jar", "-n", "jar-test");

    assertThat(ns.out()).isEqualTo("namespace/jar-test created\n");
    assertThat(applied.out()).isEqualTo("deployment.apps/from-jar created\n");
    assertThat(table.out()).as(table.toString())
        .containsPattern("(?m)^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$")
        .containsPattern("(?m)^deployment\\.apps/from-jar +0/3 +0 +0 +\\d+s$")
        .containsPattern("(?m)^namespace/jar-test +Active +\\d+s$");
    assertThat(describe.out()).as(describe.toString()).startsWith("Name:                   from-jar\n")
        .contains("Replicas:               3 desired | 0 updated | 0 total | 0 available | 0 unavailable\n")
        .contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n");
    assertThat(deleted.out()).isEqualTo("deployment.apps \"from-jar\" deleted\n");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("Error from server (NotFound): deployments.apps \"from-jar\" not found\n");
    for (ProcessResult p : List.of(ns, applied, table, describe, deleted)) {
      assertThat(p.exitCode()).as(p.toString()).isZero();
      assertThat(p.err()).as(p.toString()).isEmpty();
    }
  }

  @Test
  void describeEndsWithTheObjectsOwnEvents() throws Exception {
    String now = java.time.Instant.now().minusSeconds(5).toString();
    String events = """
        apiVersion: v1
        kind: Event
        metadata:
          name: described.1
        involvedObject:
          apiVersion: apps/v1
          kind: Deployment
          name: described
          namespace: default
        reason: ScalingReplicaSet
        message: Scaled up replica set described-abc to 3
        source:
          component: deployment-controller
        type: Normal
        count: 1
        firstTimestamp: "%1$s"
        lastTimestamp: "%1$s"
        ---
        apiVersion: v1
        kind: Event
        metadata:
          name: someone-else.1
        involvedObject:
          kind: Deployment
          name: someone-else
          namespace: default
        reason: ScalingReplicaSet
        message: not about the described deployment
        type: Normal
        count: 1
        firstTimestamp: "%1$s"
        lastTimestamp: "%1$s"
        """.formatted(now);
    kavactl().run("apply", "-f", manifest("described.yaml", NGINX.replace("nginx-deployment", "described")).toString());
    Result applied = kavactl().run("apply", "-f", manifest("events.yaml", events).toString());
    assertThat(applied.out()).as(applied.toString()).isEqualTo("event/described.1 created\nevent/someone-else.1 created\n");

    Result describe = kavactl().run("describe", "deployment", "described");
    Result table = kavactl().run("get", "events");

    assertThat(describe.out()).as(describe.toString())
        .containsPattern("(?m)^Events:\n  Type +Reason +Age +From +Message\n  ---- +------ +---- +---- +-------\n"
            + "  Normal +ScalingReplicaSet +\\d+s +deployment-controller +Scaled up replica set described-abc to 3\n\\z")
        .doesNotContain("not about the described deployment");
    assertThat(table.out()).containsPattern("(?m)^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$")
        .containsPattern("(?m)^\\d+s +Normal +ScalingReplicaSet +deployment/described +Scaled up replica set described-abc to 3$");
  }

  @Test
  void theJarReportsAnUnreachableServerInOneLine() throws Exception {
    int closedPort = ApiServerHarness.freePort();

    ProcessResult r = runJar("--server", "127.0.0.1:" + closedPort, "get", "pods");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: cannot reach the API server at 127.0.0.1:" + closedPort + ": connection refused\n");
  }

  private record ProcessResult(int exitCode, String out, String err) {}

  /** The jar as kubectl/bin/kavactl runs it (C1 only, an AppCDS archive recorded by the first run). */
  private static Process jar(String... args) throws IOException {
    Path jar = Path.of("target", "kava-kubectl.jar").toAbsolutePath();
    ClassDataArchive classData = ClassDataArchive.of(jar, "kavactl");
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(classData.jvmOptions());
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("KAVA_API_SERVER");
    pb.environment().remove("KAVA_CONFIG");
    pb.environment().put("KUBECONFIG", cluster.adminKubeconfig().toString());
    Process p = pb.start();
    p.onExit().thenAccept(ended -> classData.ended(ended.exitValue()));
    return p;
  }

  private static ProcessResult runJar(String... args) throws Exception {
    Process p = jar(args);
    p.getOutputStream().close();
    List<String> out = new CopyOnWriteArrayList<>();
    List<String> err = new CopyOnWriteArrayList<>();
    Thread o = follow(p.getInputStream(), out);
    Thread e = follow(p.getErrorStream(), err);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kavactl " + String.join(" ", args) + " did not finish in 60 s");
    }
    o.join(10_000);
    e.join(10_000);
    return new ProcessResult(p.exitValue(), lines(out), lines(err));
  }

  private static String lines(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private static Thread follow(Process p, List<String> lines) {
    return follow(p.getInputStream(), lines);
  }

  private static Thread follow(java.io.InputStream in, List<String> lines) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
