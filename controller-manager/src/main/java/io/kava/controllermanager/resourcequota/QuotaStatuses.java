package io.kava.controllermanager.resourcequota;

import com.google.protobuf.Message;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.core.v1.ResourceQuotaStatus;
import io.kava.client.quantity.Quantity;
import io.kava.client.quota.Quotas;
import io.kava.client.quota.ResourceLists;
import java.util.Collection;
import java.util.Map;

/**
 * A quota's status as its namespace's objects make it, a pure function (upstream's syncResourceQuota):
 * status.hard is spec.hard, status.used what the objects counted by it use together.
 */
public final class QuotaStatuses {
  private QuotaStatuses() {}

  public static ResourceQuotaStatus compute(ResourceQuota quota, Collection<? extends Message> objects) {
    Map<String, Quantity> used = Quotas.used(quota.getSpec(), objects);
    return ResourceQuotaStatus.newBuilder().putAllHard(quota.getSpec().getHardMap())
        .putAllUsed(ResourceLists.format(used)).build();
  }

  /** Equal amounts count as equal ("1000m" and "1"), so a quota written once is not written again. */
  public static boolean same(ResourceQuotaStatus a, ResourceQuotaStatus b) {
    return ResourceLists.sameAmounts(ResourceLists.parse(a.getHardMap()), ResourceLists.parse(b.getHardMap()))
        && a.getHardMap().keySet().equals(b.getHardMap().keySet())
        && ResourceLists.sameAmounts(ResourceLists.parse(a.getUsedMap()), ResourceLists.parse(b.getUsedMap()));
  }
}
