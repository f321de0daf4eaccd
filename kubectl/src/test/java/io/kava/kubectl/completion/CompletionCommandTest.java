package io.kava.kubectl.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Namespace;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kavactl __complete -- WORDS...`, the candidates the completion scripts offer. */
class CompletionCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @BeforeEach
  void seed() {
    api.seed(Objects.pod("default", "web-0", Duration.ofSeconds(5)));
    api.seed(Objects.pod("other", "elsewhere", Duration.ofSeconds(5)));
    api.seed(Namespace.newBuilder().setMetadata(Objects.meta("", "other", Duration.ofMinutes(1))).build());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private List<String> complete(String... words) {
    String[] args = new String[words.length + 2];
    args[0] = "__complete";
    args[1] = "--";
    System.arraycopy(words, 0, args, 2, words.length);
    Result r = cli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().toList();
  }

  @Test
  void verbsKindsAndNames() {
    assertThat(complete("")).contains("get", "describe", "config", "wait", "completion").doesNotContain("__complete");
    assertThat(complete("get", "po")).contains("pods", "deployments", "all");
    assertThat(complete("get", "pods", "")).containsExactly("web-0");
    assertThat(complete("get", "pods", "-n", "other", "")).containsExactly("elsewhere");
    assertThat(complete("describe", "pod/w")).containsExactly("pod/web-0");
  }

  @Test
  void optionsAndTheirValues() {
    assertThat(complete("get", "--")).contains("--output", "--selector", "--namespace", "--sort-by");
    assertThat(complete("get", "pods", "-o", "")).contains("json", "yaml", "jsonpath=");
    assertThat(complete("get", "pods", "-n", "")).containsExactly("other");
    assertThat(complete("config", "")).contains("use-context", "get-contexts", "view");
  }

  @Test
  void scriptsForBashAndZsh() {
    Result bash = cli.run("completion", "bash");
    Result zsh = cli.run("completion", "zsh");
    Result fish = cli.run("completion", "fish");

    assertThat(bash.out()).contains("complete -o default -F _kavactl kavactl").contains("__complete --");
    assertThat(zsh.out()).startsWith("#compdef kavactl").contains("compdef _kavactl kavactl");
    assertThat(fish.err()).isEqualTo("error: Unsupported shell type \"fish\".\n");
    assertThat(fish.exitCode()).isEqualTo(1);
  }
}
