package io.kava.kubelet.probe;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Probe;
import io.kava.kubelet.pod.PodEvents;
import java.util.concurrent.ScheduledFuture;

/**
 * Probes one container periodically and turns single results into a verdict with upstream's
 * thresholds: successThreshold successes in a row to pass, failureThreshold failures in a row to fail.
 * A readiness verdict starts as "not ready", a liveness verdict as "alive", a startup verdict as "not yet
 * started" (and turns "failed" after failureThreshold failures).
 */
final class ProbeWorker {
  enum Type {
    READINESS("Readiness"),
    LIVENESS("Liveness"),
    STARTUP("Startup");

    final String title;

    Type(String title) {
      this.title = title;
    }
  }

  private final Prober prober;
  private final PodEvents events;
  final Pod pod;
  final Container container;
  final String containerId;
  final Type type;
  final Probe probe;
  private volatile String podIp;
  private int successes;
  private int failures;
  private volatile boolean passing;
  private volatile boolean failed;
  private volatile ScheduledFuture<?> future;

  ProbeWorker(Prober prober, PodEvents events, Pod pod, Container container, String containerId, Type type,
      String podIp) {
    this.prober = prober;
    this.events = events;
    this.pod = pod;
    this.container = container;
    this.containerId = containerId;
    this.type = type;
    this.probe = switch (type) {
      case READINESS -> container.getReadinessProbe();
      case LIVENESS -> container.getLivenessProbe();
      case STARTUP -> container.getStartupProbe();
    };
    this.podIp = podIp;
    this.passing = type == Type.LIVENESS;
  }

  int initialDelaySeconds() {
    return Math.max(0, probe.getInitialDelaySeconds());
  }

  int periodSeconds() {
    return probe.hasPeriodSeconds() && probe.getPeriodSeconds() > 0 ? probe.getPeriodSeconds() : 10;
  }

  int successThreshold() {
    return probe.hasSuccessThreshold() && probe.getSuccessThreshold() > 0 ? probe.getSuccessThreshold() : 1;
  }

  int failureThreshold() {
    return probe.hasFailureThreshold() && probe.getFailureThreshold() > 0 ? probe.getFailureThreshold() : 3;
  }

  boolean passing() {
    return passing;
  }

  /** A startup probe that reached its failure threshold: the container is restarted. */
  boolean failed() {
    return failed;
  }

  void podIp(String ip) {
    this.podIp = ip;
  }

  void future(ScheduledFuture<?> f) {
    this.future = f;
  }

  void cancel() {
    ScheduledFuture<?> f = future;
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Probes once; returns whether the verdict changed. */
  synchronized boolean runOnce() {
    ProbeResult result = prober.probe(probe, container, containerId, podIp);
    boolean before = passing;
    if (result.success()) {
      failures = 0;
      successes++;
      if (successes >= successThreshold()) {
        passing = true;
      }
    } else {
      successes = 0;
      failures++;
      events.warning(pod, "Unhealthy", type.title + " probe failed: " + result.message());
      if (failures >= failureThreshold()) {
        passing = false;
        if (type == Type.STARTUP && !failed) {
          failed = true;
          return true;
        }
      }
    }
    return before != passing;
  }
}
