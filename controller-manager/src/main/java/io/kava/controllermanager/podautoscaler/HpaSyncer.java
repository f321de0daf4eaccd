package io.kava.controllermanager.podautoscaler;

import io.kava.api.autoscaling.v1.Scale;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.kava.api.autoscaling.v2.MetricSpec;
import io.kava.api.autoscaling.v2.MetricStatus;
import io.kava.api.autoscaling.v2.MetricTarget;
import io.kava.api.autoscaling.v2.MetricValueStatus;
import io.kava.api.autoscaling.v2.ResourceMetricStatus;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.Times;
import io.kava.client.autoscaling.HpaRules;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.client.quantity.Quantity;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Selector;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of upstream's reconcileAutoscaler: read the target's scale, compute a replica count from each
 * metric (the largest wins), normalize it (min/max, stabilization, rate limits), write the scale when it
 * changes, and write the status (replicas, current metrics, conditions) when that changes.
 */
final class HpaSyncer {
  private static final Logger log = LoggerFactory.getLogger(HpaSyncer.class);

  private final KavaClient client;
  private final Lister<Pod> pods;
  private final MetricsSource metrics;
  private final ReplicaCalculator calculator;
  private final ScaleNormalizer normalizer;
  private final EventRecorder recorder;
  private final Clock clock;

  HpaSyncer(KavaClient client, Lister<Pod> pods, MetricsSource metrics, ReplicaCalculator calculator,
      ScaleNormalizer normalizer, EventRecorder recorder, Clock clock) {
    this.client = client;
    this.pods = pods;
    this.metrics = metrics;
    this.calculator = calculator;
    this.normalizer = normalizer;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** The replica count computed from the metrics, the metric that named it, and the statuses to report. */
  private record Proposal(int replicas, String metricName, List<MetricStatus> statuses) {}

  void reconcile(String key, HorizontalPodAutoscaler hpa) {
    HorizontalPodAutoscalerSpec spec = hpa.getSpec();
    String namespace = hpa.getMetadata().getNamespace();
    HpaConditions conditions = new HpaConditions(hpa.getStatus().getConditionsList(),
        Times.format(clock.instant()));
    Kind kind = Kinds.byKind("apps/v1", spec.getScaleTargetRef().getKind()).orElse(null);
    Scale scale;
    try {
      if (kind == null) {
        throw new IllegalArgumentException("no scale subresource for kind " + spec.getScaleTargetRef().getKind());
      }
      scale = client.resource(kind).getScale(namespace, spec.getScaleTargetRef().getName());
    } catch (ApiException | IllegalArgumentException e) {
      conditions.set(HpaConditions.ABLE_TO_SCALE, "False", "FailedGetScale",
          "the HPA controller was unable to get the target's current scale: " + e.getMessage());
      recorder.warning(hpa, "FailedGetScale", e.getMessage());
      writeStatus(hpa, hpa.getStatus().getCurrentReplicas(), hpa.getStatus().getDesiredReplicas(),
          hpa.getStatus().getCurrentMetricsList(), conditions, false);
      return;
    }
    conditions.set(HpaConditions.ABLE_TO_SCALE, "True", "SucceededGetScale",
        "the HPA controller was able to get the target's current scale");
    int current = scale.getSpec().getReplicas();
    normalizer.recordInitial(key, current);
    int min = spec.hasMinReplicas() ? spec.getMinReplicas() : 1;
    int desired;
    String reason = "";
    List<MetricStatus> statuses = hpa.getStatus().getCurrentMetricsList();
    if (current == 0 && min != 0) {
      desired = 0;
      conditions.set(HpaConditions.SCALING_ACTIVE, "False", "ScalingDisabled",
          "scaling is disabled since the replica count of the target is zero");
    } else if (current > spec.getMaxReplicas()) {
      reason = "Current number of replicas above Spec.MaxReplicas";
      desired = spec.getMaxReplicas();
    } else if (current < min) {
      reason = "Current number of replicas below Spec.MinReplicas";
      desired = min;
    } else {
      Proposal proposal;
      try {
        proposal = propose(hpa, scale, current, conditions);
      } catch (MetricsUnavailableException e) {
        writeStatus(hpa, current, hpa.getStatus().getDesiredReplicas(), List.of(), conditions, false);
        return;
      }
      statuses = proposal.statuses();
      conditions.set(HpaConditions.SCALING_ACTIVE, "True", "ValidMetricFound",
          "the HPA was able to successfully calculate a replica count from " + proposal.metricName());
      ScaleNormalizer.Normalized normalized = normalizer.normalize(key, spec, current, proposal.replicas());
      conditions.set(HpaConditions.ABLE_TO_SCALE, normalized.ableToScale());
      conditions.set(HpaConditions.SCALING_LIMITED, normalized.scalingLimited());
      desired = normalized.replicas();
      reason = desired > current ? proposal.metricName() + " above target" : "All metrics below target";
    }
    boolean rescale = desired != current;
    if (rescale) {
      try {
        client.resource(kind).updateScale(scale.toBuilder()
            .setSpec(scale.getSpec().toBuilder().setReplicas(desired)).build());
      } catch (ApiException e) {
        conditions.set(HpaConditions.ABLE_TO_SCALE, "False", "FailedUpdateScale",
            "the HPA controller was unable to update the target scale: " + e.getMessage());
        recorder.warning(hpa, "FailedRescale", "New size: " + desired + "; reason: " + reason + "; error: "
            + e.getMessage());
        writeStatus(hpa, current, hpa.getStatus().getDesiredReplicas(), statuses, conditions, false);
        return;
      }
      conditions.set(HpaConditions.ABLE_TO_SCALE, "True", "SucceededRescale",
          "the HPA controller was able to update the target scale to " + desired);
      recorder.normal(hpa, "SuccessfulRescale", "New size: " + desired + "; reason: " + reason);
      normalizer.recordScale(key, spec, current, desired);
      log.info("Scaled {} {}/{} from {} to {} for HPA {}: {}", spec.getScaleTargetRef().getKind(), namespace,
          spec.getScaleTargetRef().getName(), current, desired, key, reason);
    } else {
      desired = current;
    }
    writeStatus(hpa, current, desired, statuses, conditions, rescale);
  }

  /** Upstream computeReplicasForMetrics: the largest proposal; any invalid metric blocks a scale-down. */
  private Proposal propose(HorizontalPodAutoscaler hpa, Scale scale, int current, HpaConditions conditions)
      throws MetricsUnavailableException {
    String namespace = hpa.getMetadata().getNamespace();
    String selectorText = scale.getStatus().getSelector();
    if (selectorText.isEmpty()) {
      recorder.warning(hpa, "SelectorRequired", "selector is required");
      conditions.set(HpaConditions.SCALING_ACTIVE, "False", "InvalidSelector",
          "the HPA target's scale is missing a selector");
      throw new MetricsUnavailableException("selector is required");
    }
    Selector selector = LabelSelectors.parse(selectorText);
    List<Pod> selected = pods.list(namespace, p -> selector.matches(p.getMetadata().getLabelsMap()));
    List<MetricStatus> statuses = new ArrayList<>();
    int replicas = -1;
    String metricName = "";
    int invalid = 0;
    String firstError = null;
    for (MetricSpec metric : hpa.getSpec().getMetricsList()) {
      String resource = metric.getResource().getName();
      MetricTarget target = metric.getResource().getTarget();
      try {
        Map<String, PodMetric> measured;
        try {
          measured = metrics.podMetrics(namespace, selectorText, resource);
        } catch (RuntimeException e) {
          throw new MetricsUnavailableException("unable to get metrics for resource " + resource + ": " + e.getMessage());
        }
        Instant now = clock.instant();
        ReplicaCalculator.Result result;
        String name;
        MetricValueStatus.Builder value = MetricValueStatus.newBuilder();
        if (target.hasAverageUtilization()) {
          result = calculator.utilizationReplicas(current, target.getAverageUtilization(), resource, selected,
              measured, now);
          value.setAverageUtilization(result.utilization());
          name = resource + " resource utilization (percentage of request)";
        } else {
          long targetMilli = Quantity.parse(target.getAverageValue()).milliValue();
          result = calculator.averageValueReplicas(current, targetMilli, resource, selected, measured, now);
          name = resource + " resource";
        }
        value.setAverageValue(Quantity.ofMillis(result.rawAverageMilli()).toString());
        statuses.add(MetricStatus.newBuilder().setType(HpaRules.RESOURCE).setResource(ResourceMetricStatus.newBuilder()
            .setName(resource).setCurrent(value)).build());
        if (result.replicas() > replicas) {
          replicas = result.replicas();
          metricName = name;
        }
      } catch (MetricsUnavailableException e) {
        invalid++;
        if (firstError == null) {
          firstError = "failed to get " + resource + " utilization: " + e.getMessage();
        }
      }
    }
    int count = hpa.getSpec().getMetricsCount();
    if (invalid >= count || (invalid > 0 && replicas < current)) {
      conditions.set(HpaConditions.SCALING_ACTIVE, "False", "FailedGetResourceMetric",
          "the HPA was unable to compute the replica count: " + firstError);
      recorder.warning(hpa, "FailedGetResourceMetric", firstError);
      recorder.warning(hpa, "FailedComputeMetricsReplicas", "invalid metrics (" + invalid + " invalid out of " + count
          + "), first error is: " + firstError);
      throw new MetricsUnavailableException(firstError);
    }
    return new Proposal(replicas, metricName, statuses);
  }

  private void writeStatus(HorizontalPodAutoscaler hpa, int current, int desired, List<MetricStatus> metricStatuses,
      HpaConditions conditions, boolean rescaled) {
    HorizontalPodAutoscalerStatus.Builder status = HorizontalPodAutoscalerStatus.newBuilder()
        .setCurrentReplicas(current).setDesiredReplicas(desired)
        .setLastScaleTime(rescaled ? Times.format(clock.instant()) : hpa.getStatus().getLastScaleTime())
        .addAllCurrentMetrics(metricStatuses)
        .addAllConditions(conditions.list())
        .setObservedGeneration(hpa.getMetadata().getGeneration());
    HorizontalPodAutoscalerStatus next = status.build();
    if (next.equals(hpa.getStatus())) {
      return;
    }
    client.resource(HorizontalPodAutoscaler.class).updateStatus(hpa.toBuilder().setStatus(next).build());
  }
}
