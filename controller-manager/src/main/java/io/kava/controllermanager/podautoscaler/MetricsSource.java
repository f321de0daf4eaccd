package io.kava.controllermanager.podautoscaler;

import java.util.Map;

/** Upstream's metrics client for Resource metrics: each selected pod's use of a resource, by pod name. */
public interface MetricsSource {
  /** Throws when the metrics API cannot be reached (the HPA then reports FailedGetResourceMetric). */
  Map<String, PodMetric> podMetrics(String namespace, String selector, String resource);
}
