package io.kava.apiserver.admission;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.core.v1.ResourceQuotaSpec;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.WriteHook;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.client.quantity.Quantity;
import io.kava.client.quota.Quotas;
import io.kava.client.quota.ResourceLists;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Upstream's ResourceQuota admission (plugin/pkg/admission/resourcequota), the last plugin: a write that
 * would take its namespace's usage of a quota above status.hard is refused ("exceeded quota: ..."), and
 * otherwise the quota's status.used is raised by what the object adds, through the quota's status with
 * its resourceVersion, before the object is stored. Two writes racing for the last unit both read the
 * same used, one wins the compare-and-swap, the other reads again and is refused: parallel creates never
 * pass hard. The resourcequota controller brings used back to what the objects really use (a refused or
 * failed write after the raise, a deletion).
 */
public final class ResourceQuotaAdmission implements WriteHook {
  /** Enough for every one of many parallel creates to see the others' raises. */
  static final int MAX_ATTEMPTS = 100;

  /** The quotas as admission reads and writes them. */
  public interface QuotaAccess {
    /** The namespace's quotas, as recent as can be read cheaply (the watch cache). */
    List<ResourceQuota> list(String namespace);

    /** The namespace's quotas from storage, after a lost race. */
    List<ResourceQuota> listFresh(String namespace);

    /** Writes the quota's status if its resourceVersion is still the stored one; an ABORTED ApiError otherwise. */
    void writeStatus(ResourceQuota quota);
  }

  private final QuotaAccess quotas;

  public ResourceQuotaAdmission(QuotaAccess quotas) {
    this.quotas = quotas;
  }

  /** Reads quotas through the watch cache (storage after a lost race) and writes their status with writeStatus. */
  public static ResourceQuotaAdmission over(NamespaceObjects<ResourceQuota> objects,
      java.util.function.Consumer<ResourceQuota> writeStatus) {
    return new ResourceQuotaAdmission(new QuotaAccess() {
      @Override
      public List<ResourceQuota> list(String namespace) {
        return objects.list(namespace);
      }

      @Override
      public List<ResourceQuota> listFresh(String namespace) {
        return objects.listFromStorage(namespace);
      }

      @Override
      public void writeStatus(ResourceQuota quota) {
        writeStatus.accept(quota);
      }
    });
  }

  @Override
  public Pending beginCreate(Message object, boolean dryRun) {
    admit(object, null, dryRun);
    return WriteHook.nothing(object);
  }

  @Override
  public Pending beginUpdate(Message object, Message old, boolean dryRun) {
    // As upstream, pods count at create only: their compute resources and scopes do not change.
    if (!(object instanceof Pod)) {
      admit(object, old, dryRun);
    }
    return WriteHook.nothing(object);
  }

  @Override
  public void afterDelete(Message deleted) {
    // The controller frees what a deleted object used when it recomputes.
  }

  private void admit(Message object, Message old, boolean dryRun) {
    String namespace = ApiObjects.meta(object).getNamespace();
    List<ResourceQuota> current = quotas.list(namespace);
    if (current.isEmpty()) {
      return;
    }
    Set<String> raised = new HashSet<>();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<ResourceQuota> changes = new ArrayList<>();
      for (ResourceQuota quota : sorted(current)) {
        if (!raised.contains(quota.getMetadata().getName())) {
          check(quota, object, old).ifPresent(changes::add);
        }
      }
      if (dryRun) {
        return;
      }
      try {
        for (ResourceQuota change : changes) {
          quotas.writeStatus(change);
          raised.add(change.getMetadata().getName());
        }
        return;
      } catch (ApiError e) {
        if (e.code() != Status.Code.ABORTED) {
          throw e;
        }
        current = quotas.listFresh(namespace);
      }
    }
    throw ApiError.conflict(Kinds.RESOURCE_QUOTA, namespace, "too many concurrent writes to the namespace's quotas; please retry");
  }

  private static List<ResourceQuota> sorted(List<ResourceQuota> all) {
    return all.stream().sorted(Comparator.comparing(q -> q.getMetadata().getName())).toList();
  }

  /** The quota with used raised by what the object adds, or empty when the quota does not count it. */
  Optional<ResourceQuota> check(ResourceQuota quota, Message object, Message old) {
    ResourceQuotaSpec spec = quota.getSpec();
    String name = quota.getMetadata().getName();
    if (!Quotas.counts(spec, object)) {
      return Optional.empty();
    }
    if (old == null && object instanceof Pod pod) {
      Quotas.missingValues(spec, pod).ifPresent(missing -> {
        throw refused(object, "failed quota: " + name + ": " + missing);
      });
    }
    // Only what grows counts: a ClusterIP Service asks for no NodePorts, an update only for its increase.
    Map<String, Quantity> requested = increases(Quotas.usage(spec, object),
        old == null ? Map.of() : Quotas.usage(spec, old));
    Map<String, Quantity> hard = ResourceLists.parse(quota.getStatus().getHardMap());
    Map<String, Quantity> used = ResourceLists.parse(quota.getStatus().getUsedMap());
    Set<String> restricted = new TreeSet<>(requested.keySet());
    restricted.retainAll(hard.keySet().isEmpty() ? spec.getHardMap().keySet() : hard.keySet());
    if (restricted.isEmpty()) {
      return Optional.empty();
    }
    if (hard.isEmpty() || !used.keySet().containsAll(restricted)) {
      throw refused(object, "status unknown for quota: " + name + ", resources: " + String.join(",", restricted));
    }
    Map<String, Quantity> delta = ResourceLists.mask(requested, restricted);
    Map<String, Quantity> newUsed = ResourceLists.add(used, delta);
    List<String> exceeded = ResourceLists.exceeding(ResourceLists.mask(newUsed, restricted), hard);
    if (!exceeded.isEmpty()) {
      throw refused(object, "exceeded quota: " + name
          + ", requested: " + ResourceLists.pretty(ResourceLists.mask(delta, exceeded))
          + ", used: " + ResourceLists.pretty(ResourceLists.mask(used, exceeded))
          + ", limited: " + ResourceLists.pretty(ResourceLists.mask(hard, exceeded)));
    }
    return Optional.of(quota.toBuilder().setStatus(quota.getStatus().toBuilder().clearUsed()
        .putAllUsed(ResourceLists.format(newUsed))).build());
  }

  /** What grew from before to now, per name (an update that frees something asks for nothing). */
  private static Map<String, Quantity> increases(Map<String, Quantity> now, Map<String, Quantity> before) {
    Map<String, Quantity> out = new TreeMap<>();
    ResourceLists.subtract(now, before).forEach((k, q) -> {
      if (q.signum() > 0) {
        out.put(k, q);
      }
    });
    return out;
  }

  private static ApiError refused(Message object, String detail) {
    String name = ApiObjects.meta(object).getName();
    return ApiError.forbidden(Kinds.of(object), name.isEmpty() ? ApiObjects.meta(object).getGenerateName() : name, detail);
  }
}
