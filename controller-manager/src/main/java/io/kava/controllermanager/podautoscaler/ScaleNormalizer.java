package io.kava.controllermanager.podautoscaler;

import io.kava.api.autoscaling.v2.HPAScalingPolicy;
import io.kava.api.autoscaling.v2.HPAScalingRules;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.kava.client.autoscaling.HpaRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntBinaryOperator;

/**
 * Turns the metrics' recommendation into the replica count to set, as upstream's normalizeDesiredReplicas
 * (no behavior: the highest recommendation of the downscale stabilization window, at most double or 4
 * pods more per step) and normalizeDesiredReplicasWithBehaviors (the windows and policies of
 * spec.behavior). Keeps each HPA's recent recommendations and scale events in memory, as upstream does.
 */
public final class ScaleNormalizer {
  /** A condition to set: AbleToScale or ScalingLimited, with its reason and message. */
  public record Verdict(String status, String reason, String message) {}

  /** The replica count to set and the two conditions that explain it. */
  public record Normalized(int replicas, Verdict ableToScale, Verdict scalingLimited) {}

  private record Recommendation(int replicas, Instant at) {}

  private record ScaleEvent(int change, Instant at) {}

  private final Duration downscaleStabilization;
  private final Clock clock;
  private final Map<String, List<Recommendation>> recommendations = new ConcurrentHashMap<>();
  private final Map<String, List<ScaleEvent>> scaleUps = new ConcurrentHashMap<>();
  private final Map<String, List<ScaleEvent>> scaleDowns = new ConcurrentHashMap<>();

  public ScaleNormalizer(Duration downscaleStabilization, Clock clock) {
    this.downscaleStabilization = downscaleStabilization;
    this.clock = clock;
  }

  public Normalized normalize(String key, HorizontalPodAutoscalerSpec spec, int current, int recommended) {
    int min = spec.hasMinReplicas() ? spec.getMinReplicas() : 1;
    if (!spec.hasBehavior()) {
      return withoutBehavior(key, spec.getMaxReplicas(), min, current, recommended);
    }
    HPAScalingRules up = HpaRules.scaleUp(spec.getBehavior().getScaleUp());
    HPAScalingRules down = HpaRules.scaleDown(spec.getBehavior().getScaleDown());
    if (!down.hasStabilizationWindowSeconds()) {
      down = down.toBuilder().setStabilizationWindowSeconds((int) downscaleStabilization.toSeconds()).build();
    }
    return withBehavior(key, up, down, spec.getMaxReplicas(), min, current, recommended);
  }

  /** Upstream recordInitialRecommendation: the target's size when first seen counts as a recommendation. */
  public void recordInitial(String key, int current) {
    recommendations.computeIfAbsent(key, k -> new ArrayList<>(List.of(new Recommendation(current, clock.instant()))));
  }

  /** Upstream storeScaleEvent: remembers a change for the policies' periods. */
  public void recordScale(String key, HorizontalPodAutoscalerSpec spec, int from, int to) {
    if (from == to) {
      return;
    }
    Instant now = clock.instant();
    Duration keep = longestPeriod(spec);
    Map<String, List<ScaleEvent>> events = to > from ? scaleUps : scaleDowns;
    List<ScaleEvent> list = events.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (list) {
      list.removeIf(e -> e.at().isBefore(now.minus(keep)));
      list.add(new ScaleEvent(Math.abs(to - from), now));
    }
  }

  /** Forgets a deleted HPA. */
  public void forget(String key) {
    recommendations.remove(key);
    scaleUps.remove(key);
    scaleDowns.remove(key);
  }

  private Normalized withoutBehavior(String key, int max, int min, int current, int recommended) {
    int stabilized = stabilize(key, recommended);
    Verdict able = stabilized != recommended
        ? new Verdict("True", "ScaleDownStabilized",
            "recent recommendations were higher than current one, applying the highest recent recommendation")
        : new Verdict("True", "ReadyForNewScale", "recommended size matches current size");
    int scaleUpLimit = (int) Math.max(2.0 * current, 4.0);
    int maximum;
    String reason;
    String message;
    if (max > scaleUpLimit) {
      maximum = scaleUpLimit;
      reason = "ScaleUpLimit";
      message = "the desired replica count is increasing faster than the maximum scale rate";
    } else {
      maximum = max;
      reason = "TooManyReplicas";
      message = "the desired replica count is more than the maximum replica count";
    }
    int desired = stabilized;
    if (stabilized < min) {
      desired = min;
      reason = "TooFewReplicas";
      message = "the desired replica count is less than the minimum replica count";
    } else if (stabilized > maximum) {
      desired = maximum;
    } else {
      reason = "DesiredWithinRange";
      message = "the desired count is within the acceptable range";
    }
    return new Normalized(desired, able, new Verdict(desired == stabilized ? "False" : "True", reason, message));
  }

  /** Upstream stabilizeRecommendation: the highest recommendation within the downscale window. */
  private int stabilize(String key, int recommended) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(downscaleStabilization);
    List<Recommendation> list = recommendations.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (list) {
      int highest = recommended;
      int old = -1;
      for (int i = 0; i < list.size(); i++) {
        Recommendation r = list.get(i);
        if (r.at().isBefore(cutoff)) {
          old = i;
        } else if (r.replicas() > highest) {
          highest = r.replicas();
        }
      }
      remember(list, old, new Recommendation(recommended, now));
      return highest;
    }
  }

  private Normalized withBehavior(String key, HPAScalingRules up, HPAScalingRules down, int max, int min,
      int current, int recommended) {
    Instant now = clock.instant();
    Instant upCutoff = now.minusSeconds(up.getStabilizationWindowSeconds());
    Instant downCutoff = now.minusSeconds(down.getStabilizationWindowSeconds());
    int upRecommendation = recommended;
    int downRecommendation = recommended;
    List<Recommendation> list = recommendations.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (list) {
      int old = -1;
      for (int i = 0; i < list.size(); i++) {
        Recommendation r = list.get(i);
        if (r.at().isAfter(upCutoff)) {
          upRecommendation = Math.min(r.replicas(), upRecommendation);
        }
        if (r.at().isAfter(downCutoff)) {
          downRecommendation = Math.max(r.replicas(), downRecommendation);
        }
        if (r.at().isBefore(upCutoff) && r.at().isBefore(downCutoff)) {
          old = i;
        }
      }
      remember(list, old, new Recommendation(recommended, now));
    }
    int stabilized = Math.min(Math.max(current, upRecommendation), downRecommendation);
    Verdict able;
    if (stabilized == recommended) {
      able = new Verdict("True", "ReadyForNewScale", "recommended size matches current size");
    } else if (recommended >= current) {
      able = new Verdict("True", "ScaleUpStabilized",
          "recent recommendations were lower than current one, applying the lowest recent recommendation");
    } else {
      able = new Verdict("True", "ScaleDownStabilized",
          "recent recommendations were higher than current one, applying the highest recent recommendation");
    }
    Verdict limited = new Verdict("False", "DesiredWithinRange", "the desired count is within the acceptable range");
    int desired = stabilized;
    if (stabilized > current) {
      int limit = Math.max(current, scaleUpLimit(key, current, up));
      int maximum = Math.min(max, limit);
      if (stabilized > maximum) {
        desired = maximum;
        limited = max > limit
            ? new Verdict("True", "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
            : new Verdict("True", "TooManyReplicas", "the desired replica count is more than the maximum replica count");
      }
    } else if (stabilized < current) {
      int limit = Math.min(current, scaleDownLimit(key, current, down));
      int minimum = Math.max(min, limit);
      if (stabilized < minimum) {
        desired = minimum;
        limited = min < limit
            ? new Verdict("True", "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
            : new Verdict("True", "TooFewReplicas", "the desired replica count is less than the minimum replica count");
      }
    }
    return new Normalized(desired, able, limited);
  }

  /** Upstream calculateScaleUpLimitWithScalingRules. */
  private int scaleUpLimit(String key, int current, HPAScalingRules rules) {
    if (HpaRules.DISABLED.equals(rules.getSelectPolicy())) {
      return current;
    }
    boolean minPolicy = HpaRules.MIN.equals(rules.getSelectPolicy());
    IntBinaryOperator select = minPolicy ? Math::min : Math::max;
    int result = minPolicy ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (HPAScalingPolicy p : rules.getPoliciesList()) {
      int start = periodStart(key, current, p.getPeriodSeconds());
      int proposed = HpaRules.PODS_POLICY.equals(p.getType()) ? start + p.getValue()
          : (int) Math.ceil(start * (1 + p.getValue() / 100.0));
      result = select.applyAsInt(result, proposed);
    }
    return result;
  }

  /** Upstream calculateScaleDownLimitWithBehaviors. */
  private int scaleDownLimit(String key, int current, HPAScalingRules rules) {
    if (HpaRules.DISABLED.equals(rules.getSelectPolicy())) {
      return current;
    }
    boolean minPolicy = HpaRules.MIN.equals(rules.getSelectPolicy());
    IntBinaryOperator select = minPolicy ? Math::max : Math::min;
    int result = minPolicy ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (HPAScalingPolicy p : rules.getPoliciesList()) {
      int start = periodStart(key, current, p.getPeriodSeconds());
      int proposed = HpaRules.PODS_POLICY.equals(p.getType()) ? start - p.getValue()
          : (int) (start * (1 - p.getValue() / 100.0));
      result = select.applyAsInt(result, proposed);
    }
    return result;
  }

  /** The replica count at the start of a policy's period: now's, minus what was added, plus what was removed since. */
  private int periodStart(String key, int current, int periodSeconds) {
    Instant cutoff = clock.instant().minusSeconds(periodSeconds);
    return current - changeSince(scaleUps.get(key), cutoff) + changeSince(scaleDowns.get(key), cutoff);
  }

  private static int changeSince(List<ScaleEvent> events, Instant cutoff) {
    if (events == null) {
      return 0;
    }
    synchronized (events) {
      return events.stream().filter(e -> e.at().isAfter(cutoff)).mapToInt(ScaleEvent::change).sum();
    }
  }

  private static void remember(List<Recommendation> list, int oldIndex, Recommendation r) {
    if (oldIndex >= 0) {
      list.set(oldIndex, r);
    } else {
      list.add(r);
    }
  }

  private Duration longestPeriod(HorizontalPodAutoscalerSpec spec) {
    int longest = 15;
    if (spec.hasBehavior()) {
      for (HPAScalingPolicy p : spec.getBehavior().getScaleUp().getPoliciesList()) {
        longest = Math.max(longest, p.getPeriodSeconds());
      }
      for (HPAScalingPolicy p : spec.getBehavior().getScaleDown().getPoliciesList()) {
        longest = Math.max(longest, p.getPeriodSeconds());
      }
    }
    return Duration.ofSeconds(longest);
  }
}
