package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.kubectl.CliRun.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion script, sourced in a real bash, calling the packaged kavactl (target/kava-kubectl.jar,
 * built before the ITs run) against a real API server: COMPREPLY for `kavactl get po<TAB>` and for a pod name.
 */
class CompletionIT {
  @TempDir
  static Path dir;
  private static Cluster cluster;
  private static Path script;

  @BeforeAll
  static void start() throws IOException {
    cluster = Cluster.start();
    Path manifest = Files.writeString(dir.resolve("pod.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: completed-pod}
        spec: {containers: [{name: c, image: busybox}]}
        """);
    assertThat(cluster.kavactl().run("apply", "-f", manifest.toString()).exitCode()).isZero();
    Result r = cluster.kavactl().run("completion", "bash");
    script = Files.writeString(dir.resolve("kavactl.bash"), r.out());
    Path jar = Path.of("target", "kava-kubectl.jar").toAbsolutePath();
    assertThat(jar).as("the packaged kavactl").exists();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kavactl = Files.writeString(bin.resolve("kavactl"),
        "#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -Xshare:auto -jar '" + jar + "' \"$@\"\n");
    kavactl.toFile().setExecutable(true);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** COMPREPLY after completing the last of {@code words} (an empty last word: after a space). */
  private static String complete(String... words) throws Exception {
    StringBuilder array = new StringBuilder("kavactl");
    for (String w : words) {
      array.append(" '").append(w).append("'");
    }
    String program = "source '" + script + "'\n"
        + "COMP_WORDS=(" + array + ")\n"
        + "COMP_CWORD=" + words.length + "\n"
        + "_kavactl\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("KAVA_API_SERVER");
    pb.environment().put("KUBECONFIG", cluster.adminKubeconfig().toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void completesKindsAfterGet() throws Exception {
    // As kubectl's: every resource the word starts (pods and, since policy/v1, poddisruptionbudgets).
    assertThat(complete("get", "po").lines()).containsExactly("poddisruptionbudgets", "pods");
  }

  @Test
  void completesPodNamesFromTheCluster() throws Exception {
    assertThat(complete("get", "pods", "").lines()).containsExactly("completed-pod");
    assertThat(complete("describe", "pod/comp").lines()).containsExactly("pod/completed-pod");
  }
}
