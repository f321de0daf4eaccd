package io.kava.kubectl.generate;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.kubectl.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Pod of `kubectl run` (upstream generateversioned.BasicPod): one container named as the pod. */
public final class RunGenerator {
  private RunGenerator() {}

  /** What `run` was told. port below 0: none; labels empty: `run: NAME`. */
  public record Options(String name, String image, String restart, List<String> env, int port, String labels,
      boolean command, List<String> args, boolean stdin, boolean tty, String imagePullPolicy) {}

  public static Pod generate(Options o) {
    if (o.image() == null || o.image().isEmpty()) {
      throw CliException.error("--image is required");
    }
    String restart = restartPolicy(o.restart());
    Container.Builder c = Container.newBuilder().setName(o.name()).setImage(o.image())
        .setStdin(o.stdin()).setStdinOnce(o.stdin()).setTty(o.tty());
    if (o.imagePullPolicy() != null && !o.imagePullPolicy().isEmpty()) {
      c.setImagePullPolicy(o.imagePullPolicy());
    }
    if (!o.args().isEmpty()) {
      if (o.command()) {
        c.addAllCommand(o.args());
      } else {
        c.addAllArgs(o.args());
      }
    }
    for (String e : o.env()) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw CliException.error("invalid env: " + e);
      }
      c.addEnv(EnvVar.newBuilder().setName(e.substring(0, eq)).setValue(e.substring(eq + 1)));
    }
    if (o.port() >= 0) {
      c.addPorts(ContainerPort.newBuilder().setContainerPort(o.port()));
    }
    Map<String, String> labels = o.labels() == null || o.labels().isEmpty() ? Map.of("run", o.name())
        : labels(o.labels());
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setName(o.name()).putAllLabels(labels))
        .setSpec(PodSpec.newBuilder().addContainers(c).setDnsPolicy("ClusterFirst").setRestartPolicy(restart))
        .build();
  }

  static String restartPolicy(String restart) {
    String r = restart == null || restart.isEmpty() ? "Always" : restart;
    return switch (r) {
      case "Always", "OnFailure", "Never" -> r;
      default -> throw CliException.error("invalid restart policy: " + r);
    };
  }

  /** "a=b,c=d" as a map, in order. */
  static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      String[] kv = pair.split("=", 2);
      if (kv.length != 2 || kv[0].isEmpty()) {
        throw CliException.error("invalid label spec: " + pair);
      }
      labels.put(kv[0], kv[1]);
    }
    return labels;
  }
}
