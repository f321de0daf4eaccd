package io.kava.controllermanager.podautoscaler;

import java.time.Duration;
import java.time.Instant;

/** One pod's use of a resource, summed over its containers, in milli-units (millicores, millibytes). */
public record PodMetric(long milliValue, Instant timestamp, Duration window) {}
