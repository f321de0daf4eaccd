package io.kava.kubectl.print;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.ResourceQuota;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** kubectl's columns of LimitRanges and ResourceQuotas (printLimitRange, printResourceQuota). */
final class QuotaColumns {
  static final List<String> LIMIT_RANGE_HEADERS = List.of("NAME", "CREATED AT");
  static final List<String> QUOTA_HEADERS = List.of("NAME", "AGE", "REQUEST", "LIMIT");

  private QuotaColumns() {}

  static List<String> limitRange(LimitRange lr, Instant now) {
    return List.of(KindTables.name(lr), lr.getMetadata().getCreationTimestamp());
  }

  /** "pods: 1/10, requests.cpu: 500m/1" under REQUEST, the limits.* resources under LIMIT. */
  static List<String> quota(ResourceQuota quota, Instant now) {
    List<String> requests = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    for (String resource : new TreeSet<>(quota.getStatus().getHardMap().keySet())) {
      String cell = resource + ": " + quota.getStatus().getUsedOrDefault(resource, "0") + "/"
          + quota.getStatus().getHardMap().get(resource);
      (resource.startsWith("limits.") ? limits : requests).add(cell);
    }
    return List.of(KindTables.name(quota), KindTables.age(quota, now), String.join(", ", requests),
        String.join(", ", limits));
  }
}
