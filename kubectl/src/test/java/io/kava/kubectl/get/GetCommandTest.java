package io.kava.kubectl.get;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Namespace;
import io.kava.client.codec.Manifests;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Env;
import io.kava.kubectl.Kavactl;
import io.kava.kubectl.Objects;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GetCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void printsATableOfTheNamespace() {
    api.seed(Objects.nginx(3, 3));
    api.seed(Objects.pod("default", "web-0", Duration.ofSeconds(7)));
    api.seed(Objects.pod("other", "elsewhere", Duration.ofSeconds(7)));

    Result deploy = cli.run("get", "deploy");
    Result pods = cli.run("get", "po");

    assertThat(deploy.out()).isEqualTo("NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n"
                                     + "nginx-deployment   3/3     3            3           3m\n");
    assertThat(pods.out()).isEqualTo("NAME    READY   STATUS    RESTARTS   AGE\n"
                                   + "web-0   0/1     Pending   0          7s\n");
    assertThat(deploy.exitCode()).isZero();
  }

  @Test
  void allNamespacesAddsTheNamespaceColumn() {
    api.seed(Objects.pod("default", "web-0", Duration.ofSeconds(7)));
    api.seed(Objects.pod("other", "elsewhere", Duration.ofSeconds(8)));

    Result r = cli.run("get", "pods", "-A");

    assertThat(r.out()).isEqualTo("NAMESPACE   NAME        READY   STATUS    RESTARTS   AGE\n"
                                + "default     web-0       0/1     Pending   0          7s\n"
                                + "other       elsewhere   0/1     Pending   0          8s\n");
  }

  @Test
  void severalKindsPrintOneTableEachWithKindPrefixedNames() {
    api.seed(Objects.nginx(3, 3));
    api.seed(Objects.pod("default", "web-0", Duration.ofSeconds(7)));

    Result r = cli.run("get", "deploy,po");

    assertThat(r.out()).isEqualTo(
        "NAME                               READY   UP-TO-DATE   AVAILABLE   AGE\n"
      + "deployment.apps/nginx-deployment   3/3     3            3           3m\n"
      + "\n"
      + "NAME        READY   STATUS    RESTARTS   AGE\n"
      + "pod/web-0   0/1     Pending   0          7s\n");
  }

  @Test
  void emptyListSaysSoOnStderr() {
    Result namespaced = cli.run("get", "pods", "-n", "quiet");
    Result cluster = cli.run("get", "nodes");

    assertThat(namespaced.out()).isEmpty();
    assertThat(namespaced.err()).isEqualTo("No resources found in quiet namespace.\n");
    assertThat(namespaced.exitCode()).isZero();
    assertThat(cluster.err()).isEqualTo("No resources found\n");
  }

  @Test
  void yamlOfOneNamedObjectIsTheObjectAndOfAListIsAV1List() {
    Deployment stored = api.seed(Objects.nginx(3, 3));

    Result one = cli.run("get", "deployment", "nginx-deployment", "-o", "yaml");
    Result list = cli.run("get", "deployments.apps", "-o", "yaml");

    assertThat(one.out()).isEqualTo(Manifests.toYaml(stored));
    assertThat(Manifests.parseOne(one.out(), "out")).isEqualTo(stored);
    assertThat(list.out()).startsWith("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n").endsWith("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    assertThat(Manifests.parse(list.out(), "out")).containsExactly(stored);
  }

  @Test
  void jsonAndNameOutput() {
    Deployment stored = api.seed(Objects.nginx(3, 3));

    Result json = cli.run("get", "deploy/nginx-deployment", "-o", "json");
    Result names = cli.run("get", "deploy", "-o", "name");

    assertThat(Manifests.parseOne(json.out(), "out")).isEqualTo(stored);
    assertThat(json.out()).startsWith("{\n  \"apiVersion\": \"apps/v1\",\n");
    assertThat(names.out()).isEqualTo("deployment.apps/nginx-deployment\n");
  }

  @Test
  void missingNamedObjectIsNotFoundAndExitsOne() {
    api.seed(Objects.pod("default", "web-0", Duration.ofSeconds(7)));

    Result r = cli.run("get", "pods", "web-0", "web-9");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("NAME    READY   STATUS    RESTARTS   AGE\nweb-0   0/1     Pending   0          7s\n");
    assertThat(r.err()).isEqualTo("Error from server (NotFound): pods \"web-9\" not found\n");
  }

  @Test
  void unknownKindAndBadOutputAreOneLineErrors() {
    assertThat(cli.run("get", "foo").err()).isEqualTo("error: the server doesn't have a resource type \"foo\"\n");
    Result badOutput = cli.run("get", "pods", "-o", "xml");
    assertThat(badOutput.err()).isEqualTo("error: unable to match a printer suitable for the output format \"xml\", "
        + "allowed formats are: custom-columns,custom-columns-file,json,jsonpath,jsonpath-file,name,wide,yaml\n");
    assertThat(badOutput.exitCode()).isEqualTo(1);
    assertThat(cli.run("get").err()).isEqualTo("error: you must specify the type of resource to get\n");
  }

  @Test
  void shortNamesResolve() {
    api.seed(Namespace.newBuilder().setMetadata(Objects.meta("", "prod", Duration.ofDays(1))).build());

    assertThat(cli.run("get", "ns").out()).contains("prod ");
    assertThat(cli.run("get", "namespace", "prod", "-o", "name").out()).isEqualTo("namespace/prod\n");
  }

  @Test
  void watchPrintsTheTableThenARowPerChangeUntilInterrupted() throws Exception {
    api.seed(Objects.nginx(3, 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    Env env = new Env(Map.of(), Path.of("/nonexistent"), new ByteArrayInputStream(new byte[0]), print,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        Clock.fixed(CliRun.NOW, ZoneOffset.UTC), server -> api.client());
    AtomicInteger exit = new AtomicInteger(-1);
    Thread watcher = new Thread(() -> exit.set(Kavactl.run(new String[] {"get", "deploy", "-w"}, env)));
    watcher.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).contains("1/3"));
    api.seed(Objects.nginx(3, 3));
    await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).contains("3/3"));
    watcher.interrupt();
    watcher.join(10_000);

    assertThat(exit.get()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n"
      + "nginx-deployment   1/3     3            1           3m\n"
      + "nginx-deployment   3/3     3            3           3m\n");
  }

  @Test
  void getAllShowsTheWorkloadKindsThatHaveObjects() {
    api.seed(Objects.nginx(3, 3));
    api.seed(Objects.pod("default", "web-0", Duration.ofSeconds(7)));

    Result r = cli.run("get", "all", "-o", "name");

    assertThat(r.out()).isEqualTo("pod/web-0\ndeployment.apps/nginx-deployment\n");
  }

  @Test
  void namesCannotBeLookedUpAcrossAllNamespaces() {
    Result r = cli.run("get", "pods", "web-0", "-A");

    assertThat(r.err()).isEqualTo("error: a resource cannot be retrieved by name across all namespaces\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void watchOnlyPrintsChangesButNotTheCurrentObjects() throws Exception {
    api.seed(Objects.nginx(3, 1));
    api.seed(Objects.pod("default", "web-0", Duration.ofSeconds(7)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Env env = new Env(Map.of(), Path.of("/nonexistent"), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        Clock.fixed(CliRun.NOW, ZoneOffset.UTC), server -> api.client());
    AtomicInteger exit = new AtomicInteger(-1);
    Thread watcher = new Thread(() -> exit.set(Kavactl.run(new String[] {"get", "deploy", "--watch-only"}, env)));
    watcher.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      api.seed(Objects.nginx(3, 2)); // until the watch is up, each write is a change it may see
      return out.toString(StandardCharsets.UTF_8).contains("2/3");
    });
    watcher.interrupt();
    watcher.join(10_000);

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit.get()).isZero();
    assertThat(printed).startsWith("NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n"
        + "nginx-deployment   2/3     3            2           3m\n").doesNotContain("1/3").doesNotContain("web-0");
  }

  @Test
  void watchNeedsASingleKind() {
    Result r = cli.run("get", "deploy,po", "-w");

    assertThat(r.err()).isEqualTo("error: you may only specify a single resource type\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }
}
