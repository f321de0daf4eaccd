package io.kava.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local image named as the docs' perl image whose {@code perl} is a shell script printing pi to 100
 * places with busybox bc (2000 places take 14 s here), so the documentation's pi Job applies unchanged.
 * It goes in /bin: the busybox image's PATH is /bin alone.
 */
final class PerlStandIn {
  private PerlStandIn() {}

  /** Builds the image unless it exists; true when this call made it (and should remove it). */
  static boolean build(String tag) throws IOException, InterruptedException {
    if (docker(List.of("docker", "image", "inspect", tag), null) == 0) {
      return false;
    }
    Path dir = Files.createTempDirectory("perl-standin");
    Files.writeString(dir.resolve("perl"), "#!/bin/sh\necho 'scale=100; 4*a(1)' | bc -l | tr -d '\\\\\\n'\necho\n");
    dir.resolve("perl").toFile().setExecutable(true);
    Files.writeString(dir.resolve("Dockerfile"), "FROM kava/busybox:latest\nCOPY perl /bin/perl\n");
    int code = docker(List.of("docker", "build", "-q", "-t", tag, dir.toString()), dir);
    if (code != 0) {
      throw new IllegalStateException("docker build of " + tag + " failed with exit code " + code);
    }
    return true;
  }

  static void remove(String tag) throws IOException, InterruptedException {
    docker(List.of("docker", "rmi", tag), null);
  }

  private static int docker(List<String> command, Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
