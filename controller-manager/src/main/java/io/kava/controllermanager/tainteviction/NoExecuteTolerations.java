package io.kava.controllermanager.tainteviction;

import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import io.kava.client.taints.Tolerations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long a pod may stay on a node with these NoExecute taints (upstream getMatchingTolerations and
 * getMinTolerationTime): not at all when one taint is not tolerated, forever when every matching
 * toleration has no tolerationSeconds, else the smallest tolerationSeconds.
 */
final class NoExecuteTolerations {
  private NoExecuteTolerations() {}

  /** Empty: stays forever; otherwise the time it may stay (zero: evict now). */
  static Optional<Duration> allowedStay(List<Taint> noExecuteTaints, List<Toleration> tolerations) {
    Duration min = null;
    for (Taint taint : noExecuteTaints) {
      Optional<Toleration> used = tolerations.stream().filter(t -> Tolerations.tolerates(t, taint)).findFirst();
      if (used.isEmpty()) {
        return Optional.of(Duration.ZERO);
      }
      if (used.get().hasTolerationSeconds()) {
        Duration d = Duration.ofSeconds(Math.max(0, used.get().getTolerationSeconds()));
        min = min == null || d.compareTo(min) < 0 ? d : min;
      }
    }
    return Optional.ofNullable(min);
  }
}
