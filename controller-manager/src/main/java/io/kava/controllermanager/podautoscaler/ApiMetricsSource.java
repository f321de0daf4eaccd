package io.kava.controllermanager.podautoscaler;

import io.kava.api.metrics.v1beta1.ContainerMetrics;
import io.kava.api.metrics.v1beta1.PodMetrics;
import io.kava.client.MetricsClient;
import io.kava.client.Times;
import io.kava.client.flags.GoDurations;
import io.kava.client.quantity.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Pod metrics from metrics.k8s.io, summed over each pod's containers in milli-units as upstream's
 * resource metrics client; a pod where a container lacks the resource is left out (then "missing").
 */
public final class ApiMetricsSource implements MetricsSource {
  private final MetricsClient metrics;

  public ApiMetricsSource(MetricsClient metrics) {
    this.metrics = metrics;
  }

  @Override
  public Map<String, PodMetric> podMetrics(String namespace, String selector, String resource) {
    Map<String, PodMetric> result = new HashMap<>();
    for (PodMetrics pod : metrics.pods(namespace, selector).getItemsList()) {
      toMetric(pod, resource).ifPresent(m -> result.put(pod.getMetadata().getName(), m));
    }
    return result;
  }

  static java.util.Optional<PodMetric> toMetric(PodMetrics pod, String resource) {
    long sum = 0;
    for (ContainerMetrics c : pod.getContainersList()) {
      Quantity q = Quantity.parseOrNull(c.getUsageMap().getOrDefault(resource, ""));
      if (q == null) {
        return java.util.Optional.empty();
      }
      sum += q.milliValue();
    }
    if (pod.getContainersCount() == 0) {
      return java.util.Optional.empty();
    }
    Instant timestamp = Times.parse(pod.getTimestamp());
    Duration window = pod.getWindow().isEmpty() ? Duration.ZERO : GoDurations.parse(pod.getWindow());
    return java.util.Optional.of(new PodMetric(sum, timestamp == null ? Instant.EPOCH : timestamp, window));
  }
}
