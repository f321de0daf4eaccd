package io.kava.kubectl.edit;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Env;
import io.kava.kubectl.Session;
import io.kava.kubectl.apply.Applier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * `kavactl diff -f`: as kubectl, each object live and as apply would make it (the server's dry run of
 * that apply) goes into a file of two folders, LIVE-* and MERGED-*, and `diff -u -N` (or
 * $KUBECTL_EXTERNAL_DIFF) compares the folders. Exit 0: no differences, 1: apply would change something,
 * above 1: an error.
 */
public final class Diffing {
  private final Session session;
  private final Env env;

  public Diffing(Session session, Env env) {
    this.session = session;
    this.env = env;
  }

  public int diff(List<Message> manifests) {
    Path live = null;
    Path merged = null;
    try {
      live = Files.createTempDirectory("LIVE-");
      merged = Files.createTempDirectory("MERGED-");
      Applier applier = new Applier(session);
      for (Message manifest : manifests) {
        Applier.Plan plan;
        try {
          plan = applier.wouldStore(manifest);
        } catch (Applier.CreateFailed | ApiException e) {
          ApiException cause = e instanceof ApiException api ? api : (ApiException) e.getCause();
          session.err().println(session.describe(cause, Kinds.of(manifest), ApiObjects.meta(manifest).getName()));
          return 2;
        }
        String file = fileName(plan.merged());
        Files.writeString(live.resolve(file), plan.live() == null ? "" : Manifests.toYaml(plan.live()));
        Files.writeString(merged.resolve(file), Manifests.toYaml(plan.merged()));
        if (plan.live() == null) {
          Files.delete(live.resolve(file)); // absent, so `diff -N` shows every line as new
        }
      }
      return run(live, merged);
    } catch (IOException e) {
      throw CliException.error("unable to write the files to compare: " + e.getMessage());
    } finally {
      removeQuietly(live);
      removeQuietly(merged);
    }
  }

  /** kubectl's name: group.version.Kind.namespace.name ("apps.v1.Deployment.default.nginx", "v1.Pod.default.x"). */
  static String fileName(Message object) {
    Kind kind = Kinds.of(object);
    var meta = ApiObjects.meta(object);
    String gv = kind.apiVersion().replace('/', '.');
    return gv + "." + kind.kind() + "." + (kind.namespaced() ? meta.getNamespace() + "." : "") + meta.getName();
  }

  private int run(Path live, Path merged) {
    List<String> command = new ArrayList<>();
    String external = env.variable("KUBECTL_EXTERNAL_DIFF");
    if (external != null) {
      command.addAll(Arrays.asList(external.split("\\s+")));
    } else {
      command.addAll(List.of("diff", "-u", "-N"));
    }
    command.add(live.toString());
    command.add(merged.toString());
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      p.getOutputStream().close();
      Thread err = pump(p.getErrorStream(), true);
      pump(p.getInputStream(), false).join();
      err.join();
      return p.waitFor();
    } catch (IOException e) {
      throw CliException.error("failed to run \"" + command.get(0) + "\": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private Thread pump(InputStream in, boolean toErr) {
    Thread t = new Thread(() -> {
      try (in) {
        in.transferTo(toErr ? session.err() : session.out());
      } catch (IOException ignored) {
        // the diff program went away: its exit code tells the rest
      }
    }, "diff-output");
    t.start();
    return t;
  }

  private static void removeQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }
}
