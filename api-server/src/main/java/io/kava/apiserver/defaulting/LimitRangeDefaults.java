package io.kava.apiserver.defaulting;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.LimitRangeItem;
import io.kava.api.core.v1.LimitRangeSpec;

/**
 * Upstream's SetDefaults_LimitRangeItem: for containers, a default limit falls back to the max, a default
 * request to the default limit, then to the min.
 */
public final class LimitRangeDefaults {
  private LimitRangeDefaults() {}

  public static LimitRange limitRange(LimitRange lr) {
    LimitRangeSpec.Builder spec = lr.getSpec().toBuilder();
    for (int i = 0; i < spec.getLimitsCount(); i++) {
      if (spec.getLimits(i).getType().equals("Container")) {
        spec.setLimits(i, container(spec.getLimits(i)));
      }
    }
    return lr.toBuilder().setSpec(spec).build();
  }

  private static LimitRangeItem container(LimitRangeItem item) {
    LimitRangeItem.Builder b = item.toBuilder();
    item.getMaxMap().forEach((k, v) -> {
      if (!b.containsDefault(k)) {
        b.putDefault(k, v);
      }
    });
    b.getDefaultMap().forEach((k, v) -> {
      if (!b.containsDefaultRequest(k)) {
        b.putDefaultRequest(k, v);
      }
    });
    item.getMinMap().forEach((k, v) -> {
      if (!b.containsDefaultRequest(k)) {
        b.putDefaultRequest(k, v);
      }
    });
    return b.build();
  }
}
