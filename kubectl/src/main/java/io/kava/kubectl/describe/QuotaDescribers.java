package io.kava.kubectl.describe;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.LimitRangeItem;
import io.kava.api.core.v1.ResourceQuota;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** describe limitrange and resourcequota, and their parts of describe namespace, as kubectl's. */
final class QuotaDescribers {
  private static final Map<String, String> SCOPE_HELP = Map.of(
      "Terminating", "Matches all pods that have an active deadline. These pods have a limited lifespan on a node "
          + "before being actively terminated by the system.",
      "NotTerminating", "Matches all pods that do not have an active deadline. These pods usually include long "
          + "running pods whose container command is not expected to terminate.",
      "BestEffort", "Matches all pods that do not have resource requirements set. These pods have a best effort "
          + "quality of service.",
      "NotBestEffort", "Matches all pods that have at least one resource requirement set. These pods have a "
          + "burstable or guaranteed quality of service.");

  private QuotaDescribers() {}

  /** As kubectl's describeQuota. */
  static void quota(DescribeWriter w, ResourceQuota quota) {
    w.line(0, "Name:", quota.getMetadata().getName());
    w.line(0, "Namespace:", quota.getMetadata().getNamespace());
    scopes(w, 0, quota);
    w.line(0, "Resource", "Used", "Hard");
    w.line(0, "--------", "----", "----");
    usage(w, 0, quota);
  }

  /** As kubectl's describeLimitRange. */
  static void limitRange(DescribeWriter w, LimitRange lr) {
    w.line(0, "Name:", lr.getMetadata().getName());
    w.line(0, "Namespace:", lr.getMetadata().getNamespace());
    w.line(0, "Type", "Resource", "Min", "Max", "Default Request", "Default Limit", "Max Limit/Request Ratio");
    w.line(0, "----", "--------", "---", "---", "---------------", "-------------", "-----------------------");
    items(w, "", lr);
  }

  /** The "Resource Quotas" part of describe namespace. */
  static void namespaceQuotas(DescribeWriter w, List<ResourceQuota> quotas) {
    if (quotas.isEmpty()) {
      w.line(0, "No resource quota.");
      return;
    }
    w.line(0, "Resource Quotas");
    for (ResourceQuota q : quotas.stream().sorted(Comparator.comparing(q -> q.getMetadata().getName())).toList()) {
      w.line(1, "Name:", q.getMetadata().getName());
      scopes(w, 1, q);
      w.line(1, "Resource", "Used", "Hard");
      w.line(1, "--------", "---", "---");
      usage(w, 1, q);
    }
  }

  /** The "Resource Limits" part of describe namespace. */
  static void namespaceLimits(DescribeWriter w, List<LimitRange> ranges) {
    if (ranges.isEmpty()) {
      w.line(0, "No LimitRange resource.");
      return;
    }
    w.line(0, "Resource Limits");
    w.line(0, " Type", "Resource", "Min", "Max", "Default Request", "Default Limit", "Max Limit/Request Ratio");
    w.line(0, " ----", "--------", "---", "---", "---------------", "-------------", "-----------------------");
    ranges.forEach(lr -> items(w, " ", lr));
  }

  private static void scopes(DescribeWriter w, int level, ResourceQuota quota) {
    if (quota.getSpec().getScopesCount() == 0) {
      return;
    }
    TreeSet<String> scopes = new TreeSet<>(quota.getSpec().getScopesList());
    w.line(level, "Scopes:", String.join(", ", scopes));
    for (String scope : scopes) {
      if (SCOPE_HELP.containsKey(scope)) {
        w.line(level, " * " + SCOPE_HELP.get(scope));
      }
    }
  }

  private static void usage(DescribeWriter w, int level, ResourceQuota quota) {
    for (String resource : new TreeSet<>(quota.getStatus().getHardMap().keySet())) {
      w.line(level, resource, quota.getStatus().getUsedOrDefault(resource, "0"), quota.getStatus().getHardMap().get(resource));
    }
  }

  private static void items(DescribeWriter w, String prefix, LimitRange lr) {
    for (LimitRangeItem item : lr.getSpec().getLimitsList()) {
      TreeSet<String> resources = new TreeSet<>();
      List.of(item.getMaxMap(), item.getMinMap(), item.getDefaultMap(), item.getDefaultRequestMap(),
          item.getMaxLimitRequestRatioMap()).forEach(m -> resources.addAll(m.keySet()));
      for (String k : resources) {
        w.line(0, prefix + item.getType(), k, item.getMinOrDefault(k, "-"), item.getMaxOrDefault(k, "-"),
            item.getDefaultRequestOrDefault(k, "-"), item.getDefaultOrDefault(k, "-"),
            item.getMaxLimitRequestRatioOrDefault(k, "-"));
      }
    }
  }
}
