package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.client.ApiException;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.Kinds;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editing verbs against a real API server on a real etcd: patch of each type (and an invalid one
 * refused with nothing written), label and annotate with kubectl's --overwrite rule, edit through a
 * scripted $EDITOR (and one re-opened with the server's error), diff's exit codes, server dry runs that
 * store nothing, replace and replace --force, and apply --prune.
 */
class EditObjectsIT {
  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: NAME
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
  private static KavaClient client;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
    client = cluster.adminClient();
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CliRun kavactl() {
    return cluster.kavactl();
  }

  private static Result ok(String... args) {
    Result r = kavactl().run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static Path manifest(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name + ".yaml"), text);
  }

  private static Path deploymentFile(String name) throws IOException {
    return manifest(name, DEPLOYMENT.replace("NAME", name));
  }

  private static Deployment deployment(String name) {
    return (Deployment) client.resource(Kinds.DEPLOYMENT).get("default", name);
  }

  private static Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void patchOfEachTypeChangesTheStoredObject() throws IOException {
    ok("apply", "-f", deploymentFile("p").toString());

    Result strategic = ok("patch", "deploy", "p", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.16.1\"}]}}}}");
    assertThat(strategic.out()).isEqualTo("deployment.apps/p patched\n");
    Deployment afterStrategic = deployment("p");
    assertThat(afterStrategic.getSpec().getTemplate().getSpec().getContainersList()).hasSize(1);
    assertThat(afterStrategic.getSpec().getTemplate().getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.16.1");
    assertThat(afterStrategic.getSpec().getTemplate().getSpec().getContainers(0).getPorts(0).getContainerPort())
        .as("the container merged on its name, so its ports stayed").isEqualTo(80);

    assertThat(ok("patch", "deployment/p", "--type", "merge", "-p", "{\"spec\":{\"replicas\":2}}").out())
        .isEqualTo("deployment.apps/p patched\n");
    assertThat(deployment("p").getSpec().getReplicas()).isEqualTo(2);

    assertThat(ok("patch", "deploy", "p", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]")
        .out()).isEqualTo("deployment.apps/p patched\n");
    assertThat(deployment("p").getSpec().getReplicas()).isEqualTo(4);

    String revision = deployment("p").getMetadata().getResourceVersion();
    assertThat(ok("patch", "deploy", "p", "--type", "merge", "-p", "{\"spec\":{\"replicas\":4}}").out())
        .isEqualTo("deployment.apps/p patched (no change)\n");
    assertThat(deployment("p").getMetadata().getResourceVersion()).isEqualTo(revision);
  }

  @Test
  void aPatchThatMakesTheObjectInvalidIsRefusedAndNothingIsWritten() throws IOException {
    ok("apply", "-f", deploymentFile("bad").toString());
    String revision = deployment("bad").getMetadata().getResourceVersion();

    Result invalid = kavactl().run("patch", "deploy", "bad", "--type", "merge", "-p", "{\"spec\":{\"replicas\":-1}}");
    assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
    assertThat(invalid.err()).contains("is invalid").contains("spec.replicas");

    Result failedTest = kavactl().run("patch", "deploy", "bad", "--type", "json", "-p",
        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9},{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9}]");
    assertThat(failedTest.exitCode()).as(failedTest.toString()).isEqualTo(1);
    assertThat(failedTest.err()).contains("testing value /spec/replicas failed");

    assertThat(deployment("bad").getMetadata().getResourceVersion()).isEqualTo(revision);
    assertThat(deployment("bad").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void labelNeedsOverwriteToChangeAValueAndKeyMinusRemoves() throws IOException {
    ok("apply", "-f", deploymentFile("l").toString());

    Result refused = kavactl().run("label", "deploy", "l", "app=web");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("error: 'app' already has a value (nginx), and --overwrite is false\n");
    assertThat(deployment("l").getMetadata().getLabelsMap()).containsEntry("app", "nginx");

    assertThat(ok("label", "deploy", "l", "app=web", "--overwrite").out()).isEqualTo("deployment.apps/l labeled\n");
    assertThat(ok("label", "deploy/l", "tier=front").out()).isEqualTo("deployment.apps/l labeled\n");
    assertThat(deployment("l").getMetadata().getLabelsMap()).containsEntry("app", "web").containsEntry("tier", "front");
    assertThat(ok("label", "deploy", "l", "tier-").out()).isEqualTo("deployment.apps/l labeled\n");
    assertThat(deployment("l").getMetadata().getLabelsMap()).doesNotContainKey("tier");
    assertThat(ok("label", "deploy", "l", "app=web").out()).isEqualTo("deployment.apps/l not labeled\n");
    assertThat(ok("label", "deploy", "l", "--list").out()).isEqualTo("app=web\n");

    assertThat(ok("annotate", "deploy", "l", "note=hello world").out()).isEqualTo("deployment.apps/l annotated\n");
    assertThat(deployment("l").getMetadata().getAnnotationsMap()).containsEntry("note", "hello world");
    Result stale = kavactl().run("annotate", "deploy", "l", "note=x", "--overwrite", "--resource-version", "1");
    assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(1);
    assertThat(stale.err()).contains("Conflict");
  }

  @Test
  void editWithAScriptedEditorSavesTheChangeAndAnUnchangedFileCancels() throws IOException {
    ok("apply", "-f", deploymentFile("e").toString());

    Result edited = kavactl().env("EDITOR", script("bump.sh", "sed -i 's/replicas: 3/replicas: 4/' \"$1\"\n").toString())
        .run("edit", "deploy", "e");
    assertThat(edited.out()).as(edited.toString()).isEqualTo("deployment.apps/e edited\n");
    assertThat(deployment("e").getSpec().getReplicas()).isEqualTo(4);

    Result unchanged = kavactl().env("KUBE_EDITOR", "true").env("EDITOR", "false").run("edit", "deployment/e");
    assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
    assertThat(unchanged.err()).isEqualTo("Edit cancelled, no changes made.\n");
  }

  @Test
  void editReopensAnInvalidResultWithTheErrorOnTop() throws IOException {
    ok("apply", "-f", deploymentFile("inv").toString());
    Path reopened = dir.resolve("reopened.yaml");
    Path editor = script("invalid-then-fix.sh", """
        if grep -q "was not valid" "$1"; then
          cp "$1" %s
          sed -i 's/replicas: -1/replicas: 2/' "$1"
        else
          sed -i 's/replicas: 3/replicas: -1/' "$1"
        fi
        """.formatted(reopened));

    Result result = kavactl().env("EDITOR", editor.toString()).run("edit", "deploy", "inv");

    assertThat(result.out()).as(result.toString()).isEqualTo("deployment.apps/inv edited\n");
    String text = Files.readString(reopened);
    assertThat(text).startsWith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n");
    assertThat(text).contains("# deployments.apps \"inv\" was not valid:\n# * spec.replicas: ");
    assertThat(text).contains("replicas: -1");
    assertThat(deployment("inv").getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void diffExitsZeroWithoutChangesAndOneWithThem() throws IOException {
    Path file = deploymentFile("d");
    Result absent = kavactl().run("diff", "-f", file.toString());
    assertThat(absent.exitCode()).as(absent.toString()).isEqualTo(1);
    assertThat(absent.out()).contains("+kind: Deployment").contains("MERGED-");
    Assertions.assertThatThrownBy(() -> deployment("d")).isInstanceOf(ApiException.class);

    ok("apply", "-f", file.toString());
    Result same = kavactl().run("diff", "-f", file.toString());
    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(same.out()).isEmpty();

    Result changed = kavactl().run("diff", "-f", manifest("d5", DEPLOYMENT.replace("NAME", "d")
        .replace("replicas: 3", "replicas: 5")).toString());
    assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
    assertThat(changed.out()).startsWith("diff -u -N ").contains("-  replicas: 3\n").contains("+  replicas: 5\n");
    assertThat(deployment("d").getSpec().getReplicas()).isEqualTo(3);

    Result broken = kavactl().run("diff", "-f", dir.resolve("missing.yaml").toString());
    assertThat(broken.exitCode()).as(broken.toString()).isGreaterThan(1);
  }

  @Test
  void serverDryRunsStoreNothing() throws IOException {
    Path file = deploymentFile("dry");
    assertThat(ok("apply", "--dry-run=server", "-f", file.toString()).out())
        .isEqualTo("deployment.apps/dry created (server dry run)\n");
    assertThat(ok("create", "--dry-run=server", "-f", file.toString()).out())
        .isEqualTo("deployment.apps/dry created (server dry run)\n");
    Assertions.assertThatThrownBy(() -> deployment("dry")).isInstanceOf(ApiException.class)
        .matches(e -> ((ApiException) e).isNotFound());

    ok("apply", "-f", file.toString());
    String revision = deployment("dry").getMetadata().getResourceVersion();
    Path five = manifest("dry5", DEPLOYMENT.replace("NAME", "dry").replace("replicas: 3", "replicas: 5"));
    assertThat(ok("apply", "--dry-run=server", "-f", five.toString()).out())
        .isEqualTo("deployment.apps/dry configured (server dry run)\n");
    assertThat(ok("apply", "--dry-run=client", "-f", five.toString()).out())
        .isEqualTo("deployment.apps/dry configured (dry run)\n");
    assertThat(ok("patch", "deploy", "dry", "--dry-run=server", "--type", "merge", "-p", "{\"spec\":{\"replicas\":7}}",
        "-o", "yaml").out()).contains("replicas: 7");
    assertThat(ok("label", "deploy", "dry", "x=y", "--dry-run=server").out())
        .isEqualTo("deployment.apps/dry labeled (server dry run)\n");
    client.resource(Kinds.DEPLOYMENT).delete("default", "dry", DeleteOptions.defaults(), true);

    Deployment after = deployment("dry");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(revision);
    assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    assertThat(after.getMetadata().getLabelsMap()).doesNotContainKey("x");

    Result invalid = kavactl().run("apply", "--dry-run=server", "-f",
        manifest("dry-bad", DEPLOYMENT.replace("NAME", "dry").replace("replicas: 3", "replicas: -2")).toString());
    assertThat(invalid.exitCode()).as("a server dry run still validates: " + invalid).isEqualTo(1);
    assertThat(invalid.err()).contains("spec.replicas");
  }

  @Test
  void replaceUpdatesAndReplaceForceRecreates() throws IOException {
    ok("apply", "-f", deploymentFile("r").toString());
    String uid = deployment("r").getMetadata().getUid();
    Path five = manifest("r5", DEPLOYMENT.replace("NAME", "r").replace("replicas: 3", "replicas: 5"));

    assertThat(ok("replace", "-f", five.toString()).out()).isEqualTo("deployment.apps/r replaced\n");
    assertThat(deployment("r").getSpec().getReplicas()).isEqualTo(5);
    assertThat(deployment("r").getMetadata().getUid()).isEqualTo(uid);

    assertThat(ok("replace", "--force", "-f", five.toString()).out())
        .isEqualTo("deployment.apps \"r\" deleted\ndeployment.apps/r replaced\n");
    assertThat(deployment("r").getMetadata().getUid()).isNotEqualTo(uid);
  }

  @Test
  void applyPruneDeletesWhatLeftTheManifestAndNothingElse() throws IOException {
    String a = DEPLOYMENT.replace("NAME", "prune-a").replace("app: nginx\nspec", "app: nginx\n    set: prune\nspec");
    String b = DEPLOYMENT.replace("NAME", "prune-b").replace("app: nginx\nspec", "app: nginx\n    set: prune\nspec");
    ok("apply", "-f", manifest("both", a + "---\n" + b).toString());
    // carries the label but was never applied: not apply's to prune
    ok("create", "-f", manifest("created", DEPLOYMENT.replace("NAME", "prune-created")
        .replace("app: nginx\nspec", "app: nginx\n    set: prune\nspec")).toString());
    // applied, but outside the selector
    ok("apply", "-f", deploymentFile("prune-other").toString());

    Result refused = kavactl().run("apply", "--prune", "-f", manifest("only-a", a).toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("without explicitly passing --all");

    Result pruned = ok("apply", "--prune", "-l", "set=prune", "-f", manifest("only-a", a).toString());

    assertThat(pruned.out()).isEqualTo("deployment.apps/prune-a unchanged\ndeployment.apps/prune-b pruned\n");
    Assertions.assertThatThrownBy(() -> deployment("prune-b")).isInstanceOf(ApiException.class);
    assertThat(deployment("prune-a").getMetadata().getName()).isEqualTo("prune-a");
    assertThat(deployment("prune-created").getMetadata().getName()).isEqualTo("prune-created");
    assertThat(deployment("prune-other").getMetadata().getName()).isEqualTo("prune-other");
  }
}
