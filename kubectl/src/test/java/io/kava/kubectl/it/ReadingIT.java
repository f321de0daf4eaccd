package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.kubectl.CliRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading verbs against a real API server on a real etcd: -o jsonpath and custom-columns over stored
 * objects, field selectors (and the server's refusal of an unknown field), wait (met, timed out, delete,
 * by selector), events --for, and version from the server's Version RPC.
 */
class ReadingIT {
  private static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-1, labels: {app: web}}
      spec:
        nodeName: node-a
        containers: [{name: app, image: nginx:1.14.2}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web-2, labels: {app: web}}
      spec:
        nodeName: node-b
        containers: [{name: app, image: busybox}, {name: side, image: busybox}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db-0, labels: {app: db}}
      spec:
        containers: [{name: db, image: busybox}]
      """;

  @TempDir
  static Path dir;
  private static Cluster cluster;
  private static KavaClient client;

  @BeforeAll
  static void start() throws IOException {
    cluster = Cluster.start();
    client = cluster.adminClient();
    Path file = Files.writeString(dir.resolve("pods.yaml"), PODS);
    Result applied = cluster.kavactl().run("apply", "-f", file.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Result kavactl(String... args) {
    return cluster.kavactl().run(args);
  }

  private static void setReady(String name, String status) {
    Pod pod = client.resource(Pod.class).get("default", name);
    client.resource(Pod.class).updateStatus(pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPhase("Running")
        .clearConditions().addConditions(PodCondition.newBuilder().setType("Ready").setStatus(status))).build());
  }

  @Test
  void jsonpathAndCustomColumnsReadStoredObjects() {
    Result names = kavactl("get", "pods", "-o", "jsonpath={.items[*].metadata.name}");
    Result images = kavactl("get", "pods", "-l", "app=web", "-o",
        "jsonpath={range .items[*]}{.metadata.name}{\"=\"}{.spec.containers[*].image}{\"\\n\"}{end}");
    Result columns = kavactl("get", "pods", "-o", "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
        "--sort-by=.spec.nodeName");

    assertThat(names.out()).isEqualTo("db-0 web-1 web-2");
    assertThat(images.out()).isEqualTo("web-1=nginx:1.14.2\nweb-2=busybox busybox\n");
    assertThat(columns.out()).isEqualTo("NAME    NODE\ndb-0    <none>\nweb-1   node-a\nweb-2   node-b\n");
  }

  @Test
  void fieldSelectorsOfTheServer() {
    Result onNode = kavactl("get", "pods", "--field-selector", "spec.nodeName=node-b", "-o", "name");
    Result byName = kavactl("get", "pods", "--field-selector", "metadata.name!=web-1,metadata.namespace=default",
        "-o", "name");
    Result unknown = kavactl("get", "pods", "--field-selector", "spec.image=x");

    assertThat(onNode.out()).isEqualTo("pod/web-2\n");
    assertThat(byName.out()).isEqualTo("pod/db-0\npod/web-2\n");
    assertThat(unknown.err()).isEqualTo("Error from server (BadRequest): field label not supported: spec.image\n");
    assertThat(unknown.exitCode()).isEqualTo(1);
  }

  @Test
  void waitIsMetByAStatusChangeAndTimesOutOtherwise() {
    setReady("web-1", "False");
    CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(
        () -> kavactl("wait", "--for=condition=Ready", "pod/web-1", "--timeout=30s"));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
      setReady("web-1", "True");
      return true;
    });
    Result met = waiting.join();
    Result timedOut = kavactl("wait", "--for=condition=Ready", "pod/db-0", "--timeout=1s");
    Result jsonpath = kavactl("wait", "--for=jsonpath={.spec.nodeName}=node-a", "pods", "-l", "app=web,tier!=x",
        "--timeout=1s");

    assertThat(met.out()).isEqualTo("pod/web-1 condition met\n");
    assertThat(met.exitCode()).isZero();
    assertThat(timedOut.err()).isEqualTo("error: timed out waiting for the condition on pods/db-0\n");
    assertThat(timedOut.exitCode()).isEqualTo(1);
    assertThat(jsonpath.out()).isEqualTo("pod/web-1 condition met\n");
    assertThat(jsonpath.err()).isEqualTo("error: timed out waiting for the condition on pods/web-2\n");
  }

  @Test
  void waitForDelete() {
    client.resource(Pod.class).create(Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("doomed"))
        .setSpec(io.kava.api.core.v1.PodSpec.newBuilder().addContainers(
            io.kava.api.core.v1.Container.newBuilder().setName("c").setImage("busybox"))).build());
    CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(
        () -> kavactl("wait", "--for=delete", "pod/doomed", "--timeout=30s"));

    Result deleted = kavactl("delete", "pod", "doomed"); // unbound: deleted at once

    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(waiting.join().out()).isEqualTo("pod/doomed condition met\n");
  }

  @Test
  void eventsForOneObject() {
    String now = Instant.now().toString();
    for (String pod : new String[] {"web-1", "db-0"}) {
      client.resource(Event.class).create(Event.newBuilder().setApiVersion("v1").setKind("Event")
          .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName(pod + ".1"))
          .setInvolvedObject(ObjectReference.newBuilder().setKind("Pod").setNamespace("default").setName(pod))
          .setType("Warning").setReason("BackOff").setMessage("Back-off restarting " + pod)
          .setFirstTimestamp(now).setLastTimestamp(now).setCount(1).build());
    }

    Result r = kavactl("events", "--for", "pod/db-0");

    assertThat(r.out()).contains("pod/db-0").contains("Back-off restarting db-0").doesNotContain("web-1");
    assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("LAST SEEN   TYPE      REASON    OBJECT");
  }

  @Test
  void versionAsksTheServer() {
    Result text = kavactl("version");
    Result json = kavactl("version", "-o", "json");

    assertThat(text.out()).isEqualTo("Client Version: v0.1.0\nServer Version: v0.1.0\n");
    assertThat(json.out()).contains("\"serverVersion\"").contains("\"gitVersion\": \"v0.1.0\"");
  }
}
