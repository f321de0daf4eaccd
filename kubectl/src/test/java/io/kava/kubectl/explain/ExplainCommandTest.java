package io.kava.kubectl.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {
  private final CliRun cli = new CliRun(server -> {
    throw new AssertionError("explain needs no connection");
  });

  @Test
  void aKindListsItsFieldsWithJsonNamesAndTypes() {
    Result r = cli.run("explain", "pods");

    assertThat(r.out()).startsWith("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n")
        .contains("FIELDS:\n  apiVersion\t<string>\n").contains("  metadata\t<ObjectMeta>\n").contains("  spec\t<PodSpec>\n");
  }

  @Test
  void aFieldPathShowsTheFieldAndItsFields() {
    Result containers = cli.run("explain", "pod.spec.containers");
    Result replicas = cli.run("explain", "deploy.spec.replicas");
    Result labels = cli.run("explain", "pod.metadata.labels");

    assertThat(containers.out()).contains("FIELD: containers <[]Container>").contains("  image\t<string>\n")
        .contains("  ports\t<[]ContainerPort>\n");
    assertThat(replicas.out()).startsWith("KIND:       Deployment\nGROUP:      apps\nVERSION:    v1\n\n"
        + "FIELD: replicas <integer>\n").doesNotContain("FIELDS:");
    assertThat(labels.out()).contains("FIELD: labels <map[string]string>");
  }

  @Test
  void descriptionsComeFromTheProtoComments() {
    Result r = cli.run("explain", "pod.spec.restartPolicy");

    assertThat(r.out()).contains("DESCRIPTION:\n    Always (default), OnFailure, Never\n");
  }

  @Test
  void recursiveShowsTheTreeWithoutDescriptions() {
    Result r = cli.run("explain", "pod.spec", "--recursive");

    assertThat(r.out()).contains("  containers\t<[]Container>\n    args\t<[]string>\n");
  }

  @Test
  void unknownFieldsAndKindsAreOneLine() {
    Result field = cli.run("explain", "pod.spec.nope");
    Result kind = cli.run("explain", "widgets");

    assertThat(field.err()).isEqualTo("error: field \"nope\" does not exist\n");
    assertThat(kind.err()).isEqualTo("error: the server doesn't have a resource type \"widgets\"\n");
    assertThat(field.exitCode()).isEqualTo(1);
  }
}
