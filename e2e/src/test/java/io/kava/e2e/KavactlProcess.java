package io.kava.e2e;

import io.kava.apiserver.testing.ClassDataArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kavactl jar run as a process against one cluster, as a user runs it (export KUBECONFIG=the
 * cluster's admin.kubeconfig); output and exit code captured.
 */
final class KavactlProcess {
  private final Path jar;
  private final Path kubeconfig;
  /** Each kavactl run is a cold JVM: all but the first map the classes the first one loaded. */
  private final ClassDataArchive classData;

  KavactlProcess(Path kubeconfig) {
    this.jar = Path.of(System.getProperty("user.dir")).getParent().resolve("kubectl/target/kava-kubectl.jar");
    this.kubeconfig = kubeconfig;
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn package` first");
    }
    this.classData = ClassDataArchive.of(jar, "kavactl");
  }

  record Result(int exitCode, String out, String err) {}

  Result run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(classData.jvmOptions());
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kavactl-out", ".txt");
      Path err = Files.createTempFile("kavactl-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().remove("KAVA_API_SERVER");
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      Process p = pb.start();
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor();
          classData.ended(p.exitValue());
          throw new AssertionError("kavactl " + String.join(" ", args) + " did not end within " + timeout);
        }
        classData.ended(p.exitValue());
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  Result run(String... args) {
    return run(Duration.ofSeconds(60), args);
  }
}
