package io.kava.controllermanager.podautoscaler;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.Times;
import io.kava.client.quantity.Quantity;
import io.kava.controllermanager.util.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's replica calculator (pkg/controller/podautoscaler/replica_calculator.go) for Resource
 * metrics: desired = ceil(ready pods * usage / target), nothing within the tolerance; pods without
 * metrics count as 100 % of their request on a scale-down and 0 % on a scale-up, not-yet-ready pods as
 * 0 % on a scale-up only, and a change that these assumptions would turn around is not made. A pure
 * function of the pods, their metrics and the time.
 */
public final class ReplicaCalculator {
  /** The result: the replica count, and what to report as the current metric. */
  public record Result(int replicas, Integer utilization, long rawAverageMilli, Instant timestamp) {}

  private final double tolerance;
  private final Duration cpuInitializationPeriod;
  private final Duration initialReadinessDelay;

  public ReplicaCalculator(double tolerance, Duration cpuInitializationPeriod, Duration initialReadinessDelay) {
    this.tolerance = tolerance;
    this.cpuInitializationPeriod = cpuInitializationPeriod;
    this.initialReadinessDelay = initialReadinessDelay;
  }

  /** Upstream GetResourceReplicas: a target utilization in percent of the pods' requests. */
  public Result utilizationReplicas(int currentReplicas, int targetUtilization, String resource, List<Pod> pods,
      Map<String, PodMetric> podMetrics, Instant now) throws MetricsUnavailableException {
    Groups groups = group(pods, podMetrics, resource, now);
    Map<String, PodMetric> metrics = groups.usable(podMetrics);
    Map<String, Long> requests = requests(pods, resource);
    Ratio ratio = utilizationRatio(metrics, requests, targetUtilization);
    Instant timestamp = latest(metrics);
    boolean scaleUpWithUnready = !groups.unready.isEmpty() && ratio.value > 1.0;
    if (!scaleUpWithUnready && groups.missing.isEmpty()) {
      if (Math.abs(1.0 - ratio.value) <= tolerance) {
        return new Result(currentReplicas, ratio.utilization, ratio.rawAverage, timestamp);
      }
      return new Result((int) Math.ceil(ratio.value * groups.ready), ratio.utilization, ratio.rawAverage, timestamp);
    }
    Map<String, Long> assumed = values(metrics);
    if (!groups.missing.isEmpty()) {
      if (ratio.value < 1.0) {
        long fallback = Math.max(100, targetUtilization);
        groups.missing.forEach(name -> assumed.put(name, requests.get(name) * fallback / 100));
      } else if (ratio.value > 1.0) {
        groups.missing.forEach(name -> assumed.put(name, 0L));
      }
    }
    if (scaleUpWithUnready) {
      groups.unready.forEach(name -> assumed.put(name, 0L));
    }
    Ratio again = utilizationRatioOf(assumed, requests, targetUtilization);
    return rebalanced(currentReplicas, ratio.value, again.value, assumed.size(), ratio.utilization, ratio.rawAverage,
        timestamp);
  }

  /** Upstream GetRawResourceReplicas (calcPlainMetricReplicas): a target average value per pod, milli-units. */
  public Result averageValueReplicas(int currentReplicas, long targetMilli, String resource, List<Pod> pods,
      Map<String, PodMetric> podMetrics, Instant now) throws MetricsUnavailableException {
    Groups groups = group(pods, podMetrics, resource, now);
    Map<String, PodMetric> metrics = groups.usable(podMetrics);
    Instant timestamp = latest(metrics);
    Map<String, Long> values = values(metrics);
    long rawAverage = average(values);
    double ratio = (double) rawAverage / targetMilli;
    boolean scaleUpWithUnready = !groups.unready.isEmpty() && ratio > 1.0;
    if (!scaleUpWithUnready && groups.missing.isEmpty()) {
      if (Math.abs(1.0 - ratio) <= tolerance) {
        return new Result(currentReplicas, null, rawAverage, timestamp);
      }
      return new Result((int) Math.ceil(ratio * groups.ready), null, rawAverage, timestamp);
    }
    long assumed = ratio < 1.0 ? targetMilli : 0;
    groups.missing.forEach(name -> values.put(name, assumed));
    if (scaleUpWithUnready) {
      groups.unready.forEach(name -> values.put(name, 0L));
    }
    double again = (double) average(values) / targetMilli;
    return rebalanced(currentReplicas, ratio, again, values.size(), null, rawAverage, timestamp);
  }

  /** The second pass: no change within the tolerance or against the direction the measured pods gave. */
  private Result rebalanced(int currentReplicas, double ratio, double again, int counted, Integer utilization,
      long rawAverage, Instant timestamp) {
    if (Math.abs(1.0 - again) <= tolerance || (ratio < 1.0 && again > 1.0) || (ratio > 1.0 && again < 1.0)) {
      return new Result(currentReplicas, utilization, rawAverage, timestamp);
    }
    int replicas = (int) Math.ceil(again * counted);
    if ((again < 1.0 && replicas > currentReplicas) || (again > 1.0 && replicas < currentReplicas)) {
      return new Result(currentReplicas, utilization, rawAverage, timestamp);
    }
    return new Result(replicas, utilization, rawAverage, timestamp);
  }

  /** Upstream groupPods: ready with metrics, unready (pending, or cpu not settled yet), missing, ignored. */
  private Groups group(List<Pod> pods, Map<String, PodMetric> metrics, String resource, Instant now)
      throws MetricsUnavailableException {
    if (pods.isEmpty()) {
      throw new MetricsUnavailableException("no pods returned by selector while calculating replica count");
    }
    Groups g = new Groups();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (!pod.getMetadata().getDeletionTimestamp().isEmpty() || Pods.PHASE_FAILED.equals(pod.getStatus().getPhase())) {
        g.ignored.add(name);
        continue;
      }
      if (Pods.PHASE_PENDING.equals(pod.getStatus().getPhase())) {
        g.unready.add(name);
        continue;
      }
      PodMetric metric = metrics.get(name);
      if (metric == null) {
        g.missing.add(name);
        continue;
      }
      if (resource.equals("cpu") && unready(pod, metric, now)) {
        g.unready.add(name);
        continue;
      }
      g.ready++;
    }
    if (g.usable(metrics).isEmpty()) {
      throw new MetricsUnavailableException("did not receive metrics for targeted pods (pods might be unready)");
    }
    return g;
  }

  /**
   * Upstream: within the cpu initialization period a pod's sample counts only once it is ready and a
   * whole window was measured since it became so; after it, only a pod that never became ready within the
   * initial readiness delay is left out.
   */
  private boolean unready(Pod pod, PodMetric metric, Instant now) {
    Optional<PodCondition> ready = Pods.readyCondition(pod);
    Instant start = Times.parse(pod.getStatus().getStartTime());
    if (ready.isEmpty() || start == null) {
      return true;
    }
    Instant transition = Times.parse(ready.get().getLastTransitionTime());
    if (transition == null) {
      transition = start;
    }
    boolean isFalse = "False".equals(ready.get().getStatus());
    if (start.plus(cpuInitializationPeriod).isAfter(now)) {
      return isFalse || metric.timestamp().isBefore(transition.plus(metric.window()));
    }
    return isFalse && start.plus(initialReadinessDelay).isAfter(transition);
  }

  /** Upstream calculatePodRequests: every container must request the resource. */
  static Map<String, Long> requests(List<Pod> pods, String resource) throws MetricsUnavailableException {
    Map<String, Long> requests = new HashMap<>();
    for (Pod pod : pods) {
      long sum = 0;
      for (Container c : pod.getSpec().getContainersList()) {
        String request = c.getResources().getRequestsMap().get(resource);
        Quantity q = request == null ? null : Quantity.parseOrNull(request);
        if (q == null) {
          throw new MetricsUnavailableException("missing request for " + resource + " in container " + c.getName()
              + " of Pod " + pod.getMetadata().getName());
        }
        sum += q.milliValue();
      }
      requests.put(pod.getMetadata().getName(), sum);
    }
    return requests;
  }

  private record Ratio(double value, int utilization, long rawAverage) {}

  /** Upstream GetResourceUtilizationRatio, over the pods that have both a metric and a request. */
  private static Ratio utilizationRatio(Map<String, PodMetric> metrics, Map<String, Long> requests, int target)
      throws MetricsUnavailableException {
    return utilizationRatioOf(values(metrics), requests, target);
  }

  private static Ratio utilizationRatioOf(Map<String, Long> values, Map<String, Long> requests, int target)
      throws MetricsUnavailableException {
    long used = 0;
    long requested = 0;
    int entries = 0;
    for (Map.Entry<String, Long> e : values.entrySet()) {
      Long request = requests.get(e.getKey());
      if (request == null) {
        continue;
      }
      used += e.getValue();
      requested += request;
      entries++;
    }
    if (requested == 0) {
      throw new MetricsUnavailableException("no metrics returned matched known pods");
    }
    int utilization = (int) (used * 100 / requested);
    return new Ratio((double) utilization / target, utilization, used / entries);
  }

  private static Map<String, Long> values(Map<String, PodMetric> metrics) {
    Map<String, Long> values = new HashMap<>();
    metrics.forEach((name, m) -> values.put(name, m.milliValue()));
    return values;
  }

  /** Upstream GetMetricUsageRatio's integer average. */
  private static long average(Map<String, Long> values) {
    return values.isEmpty() ? 0 : values.values().stream().mapToLong(Long::longValue).sum() / values.size();
  }

  private static Instant latest(Map<String, PodMetric> metrics) {
    return metrics.values().stream().map(PodMetric::timestamp).max(Instant::compareTo).orElse(null);
  }

  private static final class Groups {
    int ready;
    final Set<String> unready = new HashSet<>();
    final Set<String> missing = new HashSet<>();
    final Set<String> ignored = new HashSet<>();

    /** The metrics of the pods that count: neither ignored nor unready. */
    Map<String, PodMetric> usable(Map<String, PodMetric> metrics) {
      Map<String, PodMetric> result = new HashMap<>(metrics);
      result.keySet().removeAll(ignored);
      result.keySet().removeAll(unready);
      return result;
    }
  }
}
