package io.kava.kubectl.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.kava.client.codec.Manifests;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** label, annotate, patch and edit against a fake API: kubectl's lines, errors and exit codes. */
class EditCommandsTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void labelSendsOnePatchAndPrintsKubectlsLine() {
    api.seed(Objects.nginx(3, 3));

    Result r = cli.run("label", "deploy", "nginx-deployment", "tier=web");

    assertThat(r.out()).as(r.toString()).isEqualTo("deployment.apps/nginx-deployment labeled\n");
    assertThat(api.writes()).containsExactly("patch deployments default/nginx-deployment");
  }

  @Test
  void labelAndAnnotateNeedAChangeAndAName() {
    api.seed(Objects.nginx(3, 3));
    assertThat(cli.run("label", "deploy", "nginx-deployment").err())
        .isEqualTo("error: at least one label update is required\n");
    assertThat(cli.run("annotate", "deploy", "nginx-deployment").err())
        .isEqualTo("error: at least one annotation update is required\n");
    Result noName = cli.run("label", "deploy", "a=b");
    assertThat(noName.err()).isEqualTo("error: resource(s) were provided, but no name was specified\n");
    assertThat(noName.exitCode()).isEqualTo(1);
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void labelAllAndMissingObjects() {
    api.seed(Objects.nginx(3, 3));
    Result all = cli.run("label", "deploy", "--all", "x=y");
    assertThat(all.out()).isEqualTo("deployment.apps/nginx-deployment labeled\n");
    Result missing = cli.run("label", "deploy", "ghost", "x=y");
    assertThat(missing.err()).isEqualTo("Error from server (NotFound): deployments.apps \"ghost\" not found\n");
    assertThat(missing.exitCode()).isEqualTo(1);
  }

  @Test
  void aClientDryRunWritesNothingAndPrintsTheResult() {
    api.seed(Objects.nginx(3, 3));

    Result label = cli.run("label", "deploy", "nginx-deployment", "tier=web", "--dry-run=client", "-o", "yaml");
    Result patch = cli.run("patch", "deploy", "nginx-deployment", "--dry-run=client", "--type", "merge",
        "-p", "{\"spec\":{\"replicas\":9}}");

    assertThat(Manifests.parseAs(label.out(), Deployment.class).getMetadata().getLabelsMap()).containsEntry("tier", "web");
    assertThat(patch.out()).isEqualTo("deployment.apps/nginx-deployment patched (dry run)\n");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void patchArgumentsAreCheckedBeforeAnythingIsSent() {
    api.seed(Objects.nginx(3, 3));
    assertThat(cli.run("patch", "deploy", "nginx-deployment").err())
        .isEqualTo("error: must specify --patch or --patch-file containing the contents of the patch\n");
    assertThat(cli.run("patch", "deploy", "nginx-deployment", "--type", "xml", "-p", "{}").err())
        .isEqualTo("error: --type must be one of [\"strategic\" \"merge\" \"json\"], not \"xml\"\n");
    Result malformed = cli.run("patch", "deploy", "nginx-deployment", "-p", "{\"spec\":");
    assertThat(malformed.err()).startsWith("error: unable to parse \"{\"spec\":\"");
    assertThat(malformed.exitCode()).isEqualTo(1);
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void patchAcceptsYamlAndPrintsPatched() {
    api.seed(Objects.nginx(3, 3));
    Result r = cli.run("patch", "deployment/nginx-deployment", "-p", "spec:\n  replicas: 5");
    assertThat(r.out()).as(r.toString()).isEqualTo("deployment.apps/nginx-deployment patched\n");
    assertThat(api.writes()).containsExactly("patch deployments default/nginx-deployment");
  }

  @Test
  void editWithAnEditorThatChangesNothingCancels() {
    api.seed(Objects.nginx(3, 3));
    Result r = cli.env("EDITOR", "true").run("edit", "deploy", "nginx-deployment");
    assertThat(r.err()).isEqualTo("Edit cancelled, no changes made.\n");
    assertThat(r.exitCode()).isZero();
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aCancelledEditLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    api.seed(Objects.nginx(3, 3));
    Path seen = dir.resolve("seen");
    Path editor = dir.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\necho \"$1\" > " + seen + "\n");
    editor.toFile().setExecutable(true);

    Result r = cli.env("EDITOR", editor.toString()).run("edit", "deploy", "nginx-deployment");

    assertThat(r.err()).as(r.toString()).isEqualTo("Edit cancelled, no changes made.\n");
    Path edited = Path.of(Files.readString(seen).strip());
    assertThat(edited.getFileName().toString()).startsWith("kavactl-edit-");
    assertThat(edited).doesNotExist();
  }

  @Test
  void editWithAFailingEditorSaysSo() {
    api.seed(Objects.nginx(3, 3));
    Result r = cli.env("EDITOR", "false").run("edit", "deploy", "nginx-deployment");
    assertThat(r.err()).isEqualTo("error: there was a problem with the editor \"false\"\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void errorCommentsAreKubectls() {
    assertThat(Editing.comment(java.util.List.of("deployments.apps \"x\" was not valid:", "* spec.replicas: bad")))
        .isEqualTo("# deployments.apps \"x\" was not valid:\n# * spec.replicas: bad\n#\n");
    assertThat(Editing.withoutComments("# a\nkind: X\n# b\n")).isEqualTo("kind: X\n");
    assertThat(Diffing.fileName(Objects.nginx(1, 1))).isEqualTo("apps.v1.Deployment.default.nginx-deployment");
  }
}
