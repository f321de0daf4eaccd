package io.kava.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.kava.e2e.bench.Samples;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a pod's startup went, stage by stage: the benchmark's own clock for what the API shows (the create
 * call, the pod seen bound, seen Running) and Docker's own timestamps (nanoseconds, the same clock) for
 * when the kubelet created and started the pod's sandbox and app container. The stages follow one another,
 * so they add up to create -> Running.
 */
final class PodStartupStages {
  /** One pod's moments on the benchmark's clock. */
  static final class Moments {
    final Instant create = Instant.now();
    volatile Instant created;
    volatile Instant boundSeen;
    volatile Instant runningSeen;
  }

  private final Map<String, Samples> stages = new LinkedHashMap<>();

  /** Adds one pod's stages; its containers are found by the pod's uid in Docker. */
  void add(DockerClient docker, String podUid, Moments m) {
    Map<String, InspectContainerResponse> byName = new LinkedHashMap<>();
    for (Container c : docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.kava.pod.uid", podUid)).exec()) {
      InspectContainerResponse info = docker.inspectContainerCmd(c.getId()).exec();
      byName.putIfAbsent(info.getConfig().getLabels().getOrDefault("io.kava.container.name", ""), info);
    }
    InspectContainerResponse sandbox = byName.get("POD");
    InspectContainerResponse app = byName.get("app");
    stage("create call (API server, etcd)", m.create, m.created);
    stage("created -> seen bound (scheduler, bind)", m.created, m.boundSeen);
    stage("seen bound -> sandbox created (kubelet pickup, first engine calls, create)", m.boundSeen,
        sandbox == null ? null : time(sandbox.getCreated()));
    stage("sandbox created -> sandbox started (Docker)", sandbox == null ? null : time(sandbox.getCreated()),
        sandbox == null ? null : time(sandbox.getState().getStartedAt()));
    stage("sandbox started -> app started", sandbox == null ? null : time(sandbox.getState().getStartedAt()),
        app == null ? null : time(app.getState().getStartedAt()));
    stage("app started -> seen Running (status write, watch)", app == null ? null : time(app.getState().getStartedAt()),
        m.runningSeen);
    stage("(app created -> app started)", app == null ? null : time(app.getCreated()),
        app == null ? null : time(app.getState().getStartedAt()));
  }

  /** A bare container's create -> started as Docker timed it, beside what the caller measured. */
  void addBaseline(InspectContainerResponse bare) {
    stage("(baseline: created -> started, Docker)", time(bare.getCreated()), time(bare.getState().getStartedAt()));
  }

  private void stage(String name, Instant from, Instant to) {
    if (from != null && to != null) {
      stages.computeIfAbsent(name, n -> new Samples()).add(Duration.between(from, to).toNanos() / 1e6);
    }
  }

  /** A markdown table of every stage's p50, p90 and max in milliseconds (with 30 pods, p99 is the max). */
  String table() {
    List<String> lines = new ArrayList<>(List.of("| stage | n | p50 | p90 | max |", "|---|---|---|---|---|"));
    stages.forEach((name, s) -> lines.add(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms |",
        name, s.count(), s.p50(), s.percentile(90), s.max())));
    return String.join("\n", lines);
  }

  private static Instant time(String text) {
    try {
      return text == null || text.startsWith("0001-") ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
