package io.kava.client.quota;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuotaSpec;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.quantity.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One quota against objects: what an object uses of it, what all of a namespace's objects use (the
 * controller's status.used), which kinds it counts, and which compute values a pod must state for it
 * (upstream's pod evaluator Constraints). Shared by the ResourceQuota admission and its controller.
 */
public final class Quotas {
  /** Quotas on these make every container state the value (upstream's backward-compatible rule). */
  private static final List<String> REQUIRED_PER_CONTAINER = List.of("cpu", "memory", "requests.cpu",
      "requests.memory", "limits.cpu", "limits.memory");

  private Quotas() {}

  /** What the object uses of the quota's resources; nothing when the quota's scopes leave it out. */
  public static Map<String, Quantity> usage(ResourceQuotaSpec spec, Message object) {
    if (!counts(spec, object)) {
      return new TreeMap<>();
    }
    return ResourceLists.mask(QuotaUsage.of(object), spec.getHardMap().keySet());
  }

  /** Whether the quota counts the object at all: scoped quotas count only the pods of their scopes. */
  public static boolean counts(ResourceQuotaSpec spec, Message object) {
    if (!PodScopes.isScoped(spec)) {
      return true;
    }
    return object instanceof Pod pod && PodScopes.matches(spec, pod);
  }

  /** What the objects use together of every resource of spec.hard (zero where none counts). */
  public static Map<String, Quantity> used(ResourceQuotaSpec spec, Collection<? extends Message> objects) {
    Map<String, Quantity> used = new TreeMap<>();
    spec.getHardMap().keySet().forEach(name -> used.put(name, Quantity.ZERO));
    for (Message object : objects) {
      usage(spec, object).forEach((name, q) -> used.merge(name, q, ResourceLists::sum));
    }
    return used;
  }

  /** The kinds whose objects the quota's resources count (upstream's evaluators per resource). */
  public static Set<Kind> kindsCounted(Collection<String> hardNames) {
    Set<Kind> kinds = new LinkedHashSet<>();
    for (String name : hardNames) {
      kindOf(name).ifPresent(kinds::add);
    }
    return kinds;
  }

  private static Optional<Kind> kindOf(String name) {
    if (name.startsWith(QuotaUsage.COUNT_PREFIX)) {
      String resource = name.substring(QuotaUsage.COUNT_PREFIX.length());
      return Kinds.all().stream().filter(k -> QuotaUsage.countName(k).equals(name) || (k.group().isEmpty()
          && k.resource().equals(resource))).findFirst();
    }
    if (name.equals(QuotaUsage.SERVICES) || name.startsWith(QuotaUsage.SERVICES + ".")) {
      return Optional.of(Kinds.SERVICE);
    }
    if (name.equals(QuotaUsage.CLAIMS) || name.equals(QuotaUsage.REQUESTS_STORAGE)
        || name.contains(QuotaUsage.STORAGE_CLASS_SUFFIX)) {
      return Optional.of(Kinds.PERSISTENT_VOLUME_CLAIM);
    }
    if (name.equals(QuotaUsage.PODS) || name.startsWith(QuotaUsage.REQUESTS_PREFIX)
        || name.startsWith(QuotaUsage.LIMITS_PREFIX) || Set.of("cpu", "memory", "ephemeral-storage").contains(name)) {
      return Optional.of(Kinds.POD);
    }
    return Kinds.all().stream().filter(k -> k.namespaced() && k.resource().equals(name)).findFirst();
  }

  /**
   * Upstream's pod Constraints: with a quota on cpu or memory requests or limits, every container must
   * state that value; "must specify limits.cpu for: nginx; requests.cpu for: nginx,sidecar" otherwise.
   */
  public static Optional<String> missingValues(ResourceQuotaSpec spec, Pod pod) {
    Map<String, Set<String>> missing = new TreeMap<>();
    Set<String> required = new TreeSet<>(spec.getHardMap().keySet());
    required.retainAll(REQUIRED_PER_CONTAINER);
    List<Container> containers = new ArrayList<>(pod.getSpec().getContainersList());
    containers.addAll(pod.getSpec().getInitContainersList());
    for (String name : required) {
      boolean limit = name.startsWith(QuotaUsage.LIMITS_PREFIX);
      String resource = name.substring(name.indexOf('.') + 1);
      for (Container c : containers) {
        Map<String, String> stated = limit ? c.getResources().getLimitsMap() : c.getResources().getRequestsMap();
        if (!stated.containsKey(resource)) {
          missing.computeIfAbsent(name, n -> new TreeSet<>()).add(c.getName());
        }
      }
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("must specify " + missing.entrySet().stream()
        .map(e -> e.getKey() + " for: " + String.join(",", e.getValue())).collect(Collectors.joining("; ")));
  }
}
