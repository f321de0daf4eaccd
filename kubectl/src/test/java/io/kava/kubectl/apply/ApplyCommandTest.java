package io.kava.kubectl.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Namespace;
import io.kava.client.ApiObjects;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Manifests;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());
  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    api.close();
  }

  private Path nginx() {
    return Manifests.write(dir, "nginx-deployment.yaml", Manifests.text("nginx-deployment.yaml"));
  }

  private Deployment stored(String name) {
    try (var client = api.client()) {
      return client.resource(Deployment.class).get("default", name);
    }
  }

  @Test
  void createsThenLeavesUnchangedThenConfigures() {
    Path file = nginx();

    Result first = cli.run("apply", "-f", file.toString());
    Result second = cli.run("apply", "-f", file.toString());
    Manifests.write(dir, "nginx-deployment.yaml", Manifests.text("nginx-deployment.yaml").replace("replicas: 3", "replicas: 5"));
    Result third = cli.run("apply", "-f", file.toString());

    assertThat(first.out()).as(first.toString()).isEqualTo("deployment.apps/nginx-deployment created\n");
    assertThat(first.exitCode()).isZero();
    assertThat(second.out()).as(second.toString()).isEqualTo("deployment.apps/nginx-deployment unchanged\n");
    assertThat(third.out()).as(third.toString()).isEqualTo("deployment.apps/nginx-deployment configured\n");
    assertThat(api.writes()).containsExactly("create deployments default/nginx-deployment",
        "update deployments default/nginx-deployment");
    Deployment d = stored("nginx-deployment");
    assertThat(d.getSpec().getReplicas()).isEqualTo(5);
    assertThat(d.getMetadata().getAnnotationsMap()).containsKey(Applier.LAST_APPLIED);
    assertThat(d.getMetadata().getAnnotationsMap().get(Applier.LAST_APPLIED)).contains("\"replicas\":5")
        .doesNotContain("resourceVersion");
  }

  @Test
  void staleResourceVersionInTheManifestIsAConflict() {
    cli.run("apply", "-f", nginx().toString());
    String stale = Manifests.text("nginx-deployment.yaml")
        .replace("  name: nginx-deployment\n", "  name: nginx-deployment\n  resourceVersion: \"1\"\n")
        .replace("replicas: 3", "replicas: 4");
    Path file = Manifests.write(dir, "stale.yaml", stale);

    Result r = cli.run("apply", "-f", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "
        + "\"nginx-deployment\": the object has been modified; please apply your changes to the latest version and try "
        + "again\n");
    assertThat(stored("nginx-deployment").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aBadDocumentMeansNothingIsWritten() {
    String text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fine\n---\n"
        + Manifests.text("nginx-deployment.yaml").replace("image: nginx", "imagee: nginx");
    Path file = Manifests.write(dir, "two.yaml", text);

    Result r = cli.run("apply", "-f", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: error validating \"" + file + "\" (document 2): unknown field "
        + "\"spec.template.spec.containers[0].imagee\"\n");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void unknownKindIsRefusedBeforeAnyWrite() {
    Path file = Manifests.write(dir, "foo.yaml", "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n");

    Result r = cli.run("apply", "-f", file.toString());

    assertThat(r.err()).isEqualTo("error: unable to recognize \"" + file + "\": no matches for kind \"Foo\" in version \"v1\"\n");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void objectsWithoutNamespaceGoToTheFlagsNamespace() {
    Result r = cli.run("apply", "-n", "team-a", "-f", nginx().toString());

    assertThat(r.out()).isEqualTo("deployment.apps/nginx-deployment created\n");
    assertThat(api.writes()).containsExactly("create deployments team-a/nginx-deployment");
  }

  @Test
  void aManifestNamespaceThatContradictsTheFlagIsRefused() {
    Path file = Manifests.write(dir, "ns.yaml", Manifests.text("nginx-deployment.yaml")
        .replace("  name: nginx-deployment\n", "  name: nginx-deployment\n  namespace: prod\n"));

    Result r = cli.run("apply", "-f", file.toString(), "--namespace", "dev");

    assertThat(r.err()).isEqualTo("error: the namespace from the provided object \"prod\" does not match the namespace "
        + "\"dev\". You must pass '--namespace=prod' to perform this operation.\n");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void readsAFolderInNameOrderAndStandardInput() {
    Manifests.write(dir, "b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n");
    Manifests.write(dir, "a.json", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}}");
    Manifests.write(dir, "notes.txt", "not a manifest");

    Result folder = cli.run("apply", "-f", dir.toString());
    Result stdin = cli.stdin("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: c\n").run("apply", "-f", "-");

    assertThat(folder.out()).as(folder.toString()).isEqualTo("namespace/a created\nnamespace/b created\n");
    assertThat(stdin.out()).isEqualTo("namespace/c created\n");
    try (var client = api.client()) {
      Namespace c = client.resource(Namespace.class).get("", "c");
      assertThat(ApiObjects.meta(c).getNamespace()).isEmpty();
    }
  }

  @Test
  void missingFileIsOneLine() {
    Result r = cli.run("apply", "-f", dir.resolve("nope.yaml").toString());

    assertThat(r.err()).isEqualTo("error: the path \"" + dir.resolve("nope.yaml") + "\" does not exist\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void applyNeedsAFile() {
    Result r = cli.run("apply");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: Missing required option: '--filename=FILE|DIR|-'").doesNotContain("\tat ");
    assertThat(r.err().lines()).hasSize(1);
  }
}
