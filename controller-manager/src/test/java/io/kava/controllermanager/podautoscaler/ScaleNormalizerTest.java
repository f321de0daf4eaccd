package io.kava.controllermanager.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.autoscaling.v2.HPAScalingRules;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.kava.client.autoscaling.HpaRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Upstream's normalization cases: scale-up rate, min/max, the downscale stabilization window, behavior policies. */
class ScaleNormalizerTest {
  private static final String KEY = "default/web";
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final ScaleNormalizer normalizer = new ScaleNormalizer(Duration.ofMinutes(5), clock);

  @Test
  void withoutBehaviorAScaleUpIsAtMostDoubleOrFourPods() {
    var n = normalizer.normalize(KEY, spec(1, 10), 1, 10);
    assertThat(n.replicas()).isEqualTo(4);
    assertThat(n.scalingLimited()).isEqualTo(new ScaleNormalizer.Verdict("True", "ScaleUpLimit",
        "the desired replica count is increasing faster than the maximum scale rate"));
    assertThat(normalizer.normalize(KEY, spec(1, 10), 4, 10).replicas()).isEqualTo(8);
  }

  @Test
  void maxAndMinReplicasBound() {
    assertThat(normalizer.normalize(KEY, spec(1, 3), 2, 4).scalingLimited().reason()).isEqualTo("TooManyReplicas");
    assertThat(normalizer.normalize(KEY, spec(1, 3), 2, 4).replicas()).isEqualTo(3);
    var low = new ScaleNormalizer(Duration.ZERO, clock).normalize(KEY, spec(2, 5), 3, 1);
    assertThat(low.replicas()).isEqualTo(2);
    assertThat(low.scalingLimited().reason()).isEqualTo("TooFewReplicas");
  }

  @Test
  void aScaleDownWaitsForTheStabilizationWindow() {
    assertThat(normalizer.normalize(KEY, spec(1, 10), 5, 5).replicas()).isEqualTo(5);
    tick(Duration.ofMinutes(1));
    var held = normalizer.normalize(KEY, spec(1, 10), 5, 2);
    assertThat(held.replicas()).isEqualTo(5);
    assertThat(held.ableToScale().reason()).isEqualTo("ScaleDownStabilized");
    assertThat(held.scalingLimited().reason()).isEqualTo("DesiredWithinRange");
    tick(Duration.ofMinutes(5));
    var down = normalizer.normalize(KEY, spec(1, 10), 5, 2);
    assertThat(down.replicas()).isEqualTo(2);
    assertThat(down.ableToScale().reason()).isEqualTo("ReadyForNewScale");
  }

  @Test
  void theInitialSizeCountsAsARecommendation() {
    normalizer.recordInitial(KEY, 4);
    tick(Duration.ofSeconds(30));
    assertThat(normalizer.normalize(KEY, spec(1, 10), 4, 1).replicas()).isEqualTo(4);
  }

  @Test
  void behaviorPodsPolicyLimitsAScaleDownPerPeriod() {
    HorizontalPodAutoscalerSpec spec = withBehavior(spec(1, 10), HPAScalingRules.getDefaultInstance(),
        HPAScalingRules.newBuilder().setStabilizationWindowSeconds(0)
            .addPolicies(HpaRules.policy(HpaRules.PODS_POLICY, 1, 60)).build());
    var first = normalizer.normalize(KEY, spec, 5, 1);
    assertThat(first.replicas()).isEqualTo(4);
    assertThat(first.scalingLimited().reason()).isEqualTo("ScaleDownLimit");
    normalizer.recordScale(KEY, spec, 5, 4);
    tick(Duration.ofSeconds(10));
    assertThat(normalizer.normalize(KEY, spec, 4, 1).replicas()).isEqualTo(4);
    tick(Duration.ofSeconds(51));
    assertThat(normalizer.normalize(KEY, spec, 4, 1).replicas()).isEqualTo(3);
  }

  @Test
  void behaviorDefaultsScaleUpByTheLargerOfFourPodsOrDouble() {
    HorizontalPodAutoscalerSpec spec = withBehavior(spec(1, 20), HPAScalingRules.getDefaultInstance(),
        HPAScalingRules.getDefaultInstance());
    var n = normalizer.normalize(KEY, spec, 1, 20);
    assertThat(n.replicas()).isEqualTo(5);
    assertThat(n.scalingLimited().reason()).isEqualTo("ScaleUpLimit");
    assertThat(normalizer.normalize("default/other", spec, 8, 20).replicas()).isEqualTo(16);
  }

  @Test
  void behaviorScaleUpStabilizationTakesTheLowestRecentRecommendation() {
    HorizontalPodAutoscalerSpec spec = withBehavior(spec(1, 20),
        HPAScalingRules.newBuilder().setStabilizationWindowSeconds(60).build(), HPAScalingRules.getDefaultInstance());
    assertThat(normalizer.normalize(KEY, spec, 2, 2).replicas()).isEqualTo(2);
    tick(Duration.ofSeconds(10));
    var held = normalizer.normalize(KEY, spec, 2, 6);
    assertThat(held.replicas()).isEqualTo(2);
    assertThat(held.ableToScale().reason()).isEqualTo("ScaleUpStabilized");
    tick(Duration.ofSeconds(55));
    assertThat(normalizer.normalize(KEY, spec, 2, 6).replicas()).isEqualTo(6);
  }

  @Test
  void selectPolicyDisabledKeepsTheSize() {
    HorizontalPodAutoscalerSpec spec = withBehavior(spec(1, 10),
        HPAScalingRules.newBuilder().setSelectPolicy(HpaRules.DISABLED).build(), HPAScalingRules.getDefaultInstance());
    assertThat(normalizer.normalize(KEY, spec, 2, 5).replicas()).isEqualTo(2);
  }

  @Test
  void anUnsetScaleDownWindowIsTheControllersFlag() {
    ScaleNormalizer quick = new ScaleNormalizer(Duration.ofSeconds(10), clock);
    HorizontalPodAutoscalerSpec spec = withBehavior(spec(1, 10), HPAScalingRules.getDefaultInstance(),
        HPAScalingRules.getDefaultInstance());
    assertThat(quick.normalize(KEY, spec, 4, 4).replicas()).isEqualTo(4);
    tick(Duration.ofSeconds(5));
    assertThat(quick.normalize(KEY, spec, 4, 1).replicas()).isEqualTo(4);
    tick(Duration.ofSeconds(11));
    assertThat(quick.normalize(KEY, spec, 4, 1).replicas()).isEqualTo(1);
  }

  private void tick(Duration d) {
    now.set(now.get().plus(d));
  }

  private static HorizontalPodAutoscalerSpec spec(int min, int max) {
    return HorizontalPodAutoscalerSpec.newBuilder().setMinReplicas(min).setMaxReplicas(max).build();
  }

  private static HorizontalPodAutoscalerSpec withBehavior(HorizontalPodAutoscalerSpec spec, HPAScalingRules up,
      HPAScalingRules down) {
    return spec.toBuilder().setBehavior(HorizontalPodAutoscalerBehavior.newBuilder().setScaleUp(up).setScaleDown(down))
        .build();
  }
}
