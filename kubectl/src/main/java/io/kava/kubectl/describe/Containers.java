package io.kava.kubectl.describe;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.ContainerState;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.Probe;
import io.kava.api.core.v1.VolumeMount;
import io.kava.api.meta.v1.IntOrString;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Containers part of describe: image, ports, state, readiness, restarts, probes, env and mounts. */
final class Containers {
  private Containers() {}

  static void write(DescribeWriter w, String title, int level, List<Container> containers, List<ContainerStatus> statuses) {
    w.line(level, title + ":");
    for (Container c : containers) {
      ContainerStatus st = statuses.stream().filter(s -> s.getName().equals(c.getName())).findFirst().orElse(null);
      w.line(level + 1, c.getName() + ":");
      int l = level + 2;
      if (st != null && !st.getContainerId().isEmpty()) {
        w.line(l, "Container ID:", st.getContainerId());
      }
      w.line(l, "Image:", c.getImage());
      if (st != null) {
        w.line(l, "Image ID:", st.getImageId());
      }
      ports(w, l, c.getPortsList());
      if (c.getCommandCount() > 0) {
        w.line(l, "Command:");
        c.getCommandList().forEach(x -> w.line(l + 1, x));
      }
      if (c.getArgsCount() > 0) {
        w.line(l, "Args:");
        c.getArgsList().forEach(x -> w.line(l + 1, x));
      }
      if (st != null) {
        state(w, l, "State", st.getState(), false);
        if (st.hasLastState() && !st.getLastState().equals(ContainerState.getDefaultInstance())) {
          state(w, l, "Last State", st.getLastState(), true);
        }
        w.line(l, "Ready:", st.getReady() ? "True" : "False");
        w.line(l, "Restart Count:", Integer.toString(st.getRestartCount()));
      }
      resources(w, l, "Limits", c.getResources().getLimitsMap());
      resources(w, l, "Requests", c.getResources().getRequestsMap());
      if (c.hasLivenessProbe()) {
        w.line(l, "Liveness:", probe(c.getLivenessProbe()));
      }
      if (c.hasReadinessProbe()) {
        w.line(l, "Readiness:", probe(c.getReadinessProbe()));
      }
      if (c.hasStartupProbe()) {
        w.line(l, "Startup:", probe(c.getStartupProbe()));
      }
      env(w, l, c.getEnvList());
      mounts(w, l, c.getVolumeMountsList());
    }
  }

  private static void ports(DescribeWriter w, int l, List<ContainerPort> ports) {
    if (ports.isEmpty()) {
      w.line(l, "Port:", "<none>");
      w.line(l, "Host Port:", "<none>");
      return;
    }
    String label = ports.size() == 1 ? "Port:" : "Ports:";
    String hostLabel = ports.size() == 1 ? "Host Port:" : "Host Ports:";
    w.line(l, label, String.join(", ", ports.stream().map(p -> p.getContainerPort() + "/" + protocol(p)).toList()));
    w.line(l, hostLabel, String.join(", ", ports.stream().map(p -> p.getHostPort() + "/" + protocol(p)).toList()));
  }

  private static String protocol(ContainerPort p) {
    return p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
  }

  private static void state(DescribeWriter w, int l, String name, ContainerState s, boolean last) {
    if (s.hasRunning()) {
      w.line(l, name + ":", "Running");
      w.line(l + 1, "Started:", w.time(s.getRunning().getStartedAt()));
    } else if (s.hasTerminated()) {
      var t = s.getTerminated();
      w.line(l, name + ":", "Terminated");
      if (!t.getReason().isEmpty()) {
        w.line(l + 1, "Reason:", t.getReason());
      }
      if (!t.getMessage().isEmpty()) {
        w.line(l + 1, "Message:", t.getMessage().replace("\n", " "));
      }
      w.line(l + 1, "Exit Code:", Integer.toString(t.getExitCode()));
      if (t.getSignal() > 0) {
        w.line(l + 1, "Signal:", Integer.toString(t.getSignal()));
      }
      w.line(l + 1, "Started:", w.time(t.getStartedAt()));
      w.line(l + 1, "Finished:", w.time(t.getFinishedAt()));
    } else {
      w.line(l, name + ":", "Waiting");
      if (s.hasWaiting() && !s.getWaiting().getReason().isEmpty()) {
        w.line(l + 1, "Reason:", s.getWaiting().getReason());
      }
      if (s.hasWaiting() && !s.getWaiting().getMessage().isEmpty() && !last) {
        w.line(l + 1, "Message:", s.getWaiting().getMessage().replace("\n", " "));
      }
    }
  }

  private static void resources(DescribeWriter w, int l, String title, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    w.line(l, title + ":");
    new TreeMap<>(values).forEach((k, v) -> w.line(l + 1, k + ":", v));
  }

  /** kubectl's DescribeProbe: `http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3`. */
  static String probe(Probe p) {
    String attrs = "delay=" + p.getInitialDelaySeconds() + "s timeout=" + (p.hasTimeoutSeconds() ? p.getTimeoutSeconds() : 1)
        + "s period=" + (p.hasPeriodSeconds() ? p.getPeriodSeconds() : 10) + "s #success="
        + (p.hasSuccessThreshold() ? p.getSuccessThreshold() : 1) + " #failure="
        + (p.hasFailureThreshold() ? p.getFailureThreshold() : 3);
    if (p.hasExec()) {
      return "exec [" + String.join(" ", p.getExec().getCommandList()) + "] " + attrs;
    }
    if (p.hasHttpGet()) {
      var h = p.getHttpGet();
      String scheme = h.getScheme().isEmpty() ? "http" : h.getScheme().toLowerCase(java.util.Locale.ROOT);
      String port = port(h.getPort());
      String host = port.isEmpty() ? h.getHost() : h.getHost() + ":" + port;
      return "http-get " + scheme + "://" + host + h.getPath() + " " + attrs;
    }
    if (p.hasTcpSocket()) {
      return "tcp-socket " + p.getTcpSocket().getHost() + ":" + port(p.getTcpSocket().getPort()) + " " + attrs;
    }
    if (p.hasGrpc()) {
      return "grpc <pod>:" + p.getGrpc().getPort() + " " + p.getGrpc().getService() + " " + attrs;
    }
    return "unknown " + attrs;
  }

  private static String port(IntOrString port) {
    return switch (port.getValueCase()) {
      case INT_VAL -> Integer.toString(port.getIntVal());
      case STR_VAL -> port.getStrVal();
      default -> "";
    };
  }

  private static void env(DescribeWriter w, int l, List<EnvVar> env) {
    if (env.isEmpty()) {
      w.line(l, "Environment:", "<none>");
      return;
    }
    w.line(l, "Environment:");
    for (EnvVar e : env) {
      String value = e.getValue();
      if (e.hasValueFrom()) {
        var from = e.getValueFrom();
        if (from.hasConfigMapKeyRef()) {
          value = "<set to the key '" + from.getConfigMapKeyRef().getKey() + "' of config map '"
              + from.getConfigMapKeyRef().getName() + "'>";
        } else if (from.hasSecretKeyRef()) {
          value = "<set to the key '" + from.getSecretKeyRef().getKey() + "' in secret '"
              + from.getSecretKeyRef().getName() + "'>";
        } else if (from.hasFieldRef()) {
          value = " (" + from.getFieldRef().getApiVersion() + ":" + from.getFieldRef().getFieldPath() + ")";
        } else if (from.hasResourceFieldRef()) {
          value = " (" + from.getResourceFieldRef().getResource() + ")";
        }
      }
      w.line(l + 1, e.getName() + ":", value.replace("\n", " "));
    }
  }

  private static void mounts(DescribeWriter w, int l, List<VolumeMount> mounts) {
    if (mounts.isEmpty()) {
      w.line(l, "Mounts:", "<none>");
      return;
    }
    w.line(l, "Mounts:");
    for (VolumeMount m : mounts) {
      String flags = m.getReadOnly() ? "ro" : "rw";
      String sub = m.getSubPath().isEmpty() ? "" : ",path=\"" + m.getSubPath() + "\"";
      w.line(l + 1, m.getMountPath() + " from " + m.getName() + " (" + flags + sub + ")");
    }
  }
}
