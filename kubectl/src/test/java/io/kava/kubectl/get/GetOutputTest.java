package io.kava.kubectl.get;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Pod;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `get -o jsonpath|custom-columns`, --sort-by, -L, --show-labels and --no-headers, on a fake API. */
class GetOutputTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @TempDir
  Path dir;

  @BeforeEach
  void seed() {
    api.seed(pod("web-10", "Running", "app", "web", Duration.ofSeconds(30)));
    api.seed(pod("web-2", "Pending", "app", "web", Duration.ofSeconds(10)));
    api.seed(pod("db-0", "Running", "tier", "db", Duration.ofSeconds(20)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static Pod pod(String name, String phase, String labelKey, String labelValue, Duration age) {
    Pod p = Objects.pod("default", name, age);
    return p.toBuilder().setMetadata(p.getMetadata().toBuilder().putLabels(labelKey, labelValue))
        .setStatus(p.getStatus().toBuilder().setPhase(phase)).build();
  }

  @Test
  void jsonpathOverTheListPrintsSpaceSeparatedNamesWithoutANewline() {
    Result r = cli.run("get", "pods", "-o", "jsonpath={.items[*].metadata.name}");

    assertThat(r.out()).isEqualTo("db-0 web-10 web-2");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void jsonpathRangeAndFilter() {
    Result range = cli.run("get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}");
    Result running = cli.run("get", "pods", "-o", "jsonpath={.items[?(@.status.phase==\"Running\")].metadata.name}");

    assertThat(range.out()).isEqualTo("db-0\tRunning\nweb-10\tRunning\nweb-2\tPending\n");
    assertThat(running.out()).isEqualTo("db-0 web-10");
  }

  @Test
  void jsonpathOfOneNamedObjectSeesTheObject() {
    Result r = cli.run("get", "pod", "web-2", "-o", "jsonpath={.metadata.labels}");

    assertThat(r.out()).isEqualTo("{\"app\":\"web\"}");
  }

  @Test
  void jsonpathFromAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "{.items[-1:].metadata.name}");

    assertThat(cli.run("get", "pods", "-o", "jsonpath-file=" + file).out()).isEqualTo("web-2");
  }

  @Test
  void badTemplatesAreOneErrorLine() {
    Result parse = cli.run("get", "pods", "-o", "jsonpath={.items[}");
    Result exec = cli.run("get", "pods", "-o", "jsonpath={.items[7]}");
    Result none = cli.run("get", "pods", "-o", "jsonpath");

    assertThat(parse.err()).isEqualTo("error: error parsing jsonpath {.items[}, unclosed array expect ]\n");
    assertThat(exec.err()).isEqualTo("error: error executing jsonpath \"{.items[7]}\": Error executing template: "
        + "array index out of bounds: index 7, length 3\n");
    assertThat(none.err()).isEqualTo("error: template format specified but no template given\n");
    assertThat(parse.exitCode()).isEqualTo(1);
    assertThat(exec.exitCode()).isEqualTo(1);
  }

  @Test
  void customColumnsWithNoneForMissingValues() {
    Result r = cli.run("get", "pods", "-o", "custom-columns=NAME:.metadata.name,APP:.metadata.labels.app,PHASE:status.phase");

    assertThat(r.out()).isEqualTo("NAME     APP      PHASE\n"
                                + "db-0     <none>   Running\n"
                                + "web-10   web      Running\n"
                                + "web-2    web      Pending\n");
  }

  @Test
  void customColumnsFromAFileAndWithoutHeaders() throws Exception {
    Path file = Files.writeString(dir.resolve("cols"), "NAME          PHASE\n.metadata.name .status.phase\n");

    Result r = cli.run("get", "pods", "-o", "custom-columns-file=" + file, "--no-headers");

    assertThat(r.out()).isEqualTo("db-0     Running\nweb-10   Running\nweb-2    Pending\n");
  }

  @Test
  void aBadCustomColumnsSpecIsRefused() {
    Result r = cli.run("get", "pods", "-o", "custom-columns=NAME");

    assertThat(r.err()).isEqualTo("error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void sortByNameIsNaturalAndByAgeIsByTimestamp() {
    Result byName = cli.run("get", "pods", "--sort-by=.metadata.name", "-o", "name");
    Result byAge = cli.run("get", "pods", "--sort-by={.metadata.creationTimestamp}", "-o", "name");

    assertThat(byName.out()).isEqualTo("pod/db-0\npod/web-2\npod/web-10\n");
    assertThat(byAge.out()).isEqualTo("pod/web-10\npod/db-0\npod/web-2\n");
  }

  @Test
  void labelColumnsAndShowLabels() {
    Result r = cli.run("get", "pods", "-L", "app,tier", "--show-labels", "--no-headers");
    Result headers = cli.run("get", "pods", "-L", "app", "--show-labels");

    assertThat(r.out()).isEqualTo("db-0     0/1   Running   0     20s         db    tier=db\n"
                                + "web-10   0/1   Running   0     30s   web         app=web\n"
                                + "web-2    0/1   Pending   0     10s   web         app=web\n");
    assertThat(headers.out().lines().findFirst().orElseThrow())
        .isEqualTo("NAME     READY   STATUS    RESTARTS   AGE   APP   LABELS");
  }

  @Test
  void unknownOutputFormatListsTheAllowedOnes() {
    Result r = cli.run("get", "pods", "-o", "xml");

    assertThat(r.err()).isEqualTo("error: unable to match a printer suitable for the output format \"xml\", allowed "
        + "formats are: custom-columns,custom-columns-file,json,jsonpath,jsonpath-file,name,wide,yaml\n");
  }
}
