package io.kava.scheduler.plugins;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.informer.Lister;
import io.kava.client.selector.LabelSelectors;
import io.kava.client.selector.Requirement;
import io.kava.client.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The selector of a pod's siblings for the system default spreading, as upstream's
 * helper.DefaultSelector: the selectors of the Services in its namespace that select it, and the
 * selector of the ReplicaSet or StatefulSet that controls it, together. Empty (no default spreading)
 * when nothing selects the pod. Upstream also reads ReplicationControllers, which Kava does not have.
 */
public final class DefaultSpreadSelector {
  private final Function<String, List<Service>> servicesIn;
  private final BiFunction<String, String, Optional<ReplicaSet>> replicaSet;
  private final BiFunction<String, String, Optional<StatefulSet>> statefulSet;

  public DefaultSpreadSelector(Function<String, List<Service>> servicesIn,
      BiFunction<String, String, Optional<ReplicaSet>> replicaSet,
      BiFunction<String, String, Optional<StatefulSet>> statefulSet) {
    this.servicesIn = servicesIn;
    this.replicaSet = replicaSet;
    this.statefulSet = statefulSet;
  }

  public static DefaultSpreadSelector of(Lister<Service> services, Lister<ReplicaSet> replicaSets,
      Lister<StatefulSet> statefulSets) {
    return new DefaultSpreadSelector(services::list, replicaSets::get, statefulSets::get);
  }

  /** No Services or controllers known: no pod gets default spreading. */
  public static final DefaultSpreadSelector NONE =
      new DefaultSpreadSelector(ns -> List.of(), (ns, n) -> Optional.empty(), (ns, n) -> Optional.empty());

  public Selector of(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> podLabels = pod.getMetadata().getLabelsMap();
    Map<String, String> merged = new TreeMap<>();
    for (Service service : servicesIn.apply(namespace)) {
      Map<String, String> selector = service.getSpec().getSelectorMap();
      if (!selector.isEmpty() && LabelSelectors.fromMap(selector).matches(podLabels)) {
        merged.putAll(selector);
      }
    }
    List<Requirement> requirements = new ArrayList<>(LabelSelectors.fromMap(merged).requirements());
    controller(pod).flatMap(owner -> controllerSelector(namespace, owner))
        .ifPresent(selector -> requirements.addAll(selector.requirements()));
    return Selector.of(requirements);
  }

  private Optional<Selector> controllerSelector(String namespace, OwnerReference owner) {
    if (!owner.getApiVersion().startsWith("apps/")) {
      return Optional.empty();
    }
    Optional<LabelSelector> selector = switch (owner.getKind()) {
      case "ReplicaSet" -> replicaSet.apply(namespace, owner.getName()).map(rs -> rs.getSpec().getSelector());
      case "StatefulSet" -> statefulSet.apply(namespace, owner.getName()).map(ss -> ss.getSpec().getSelector());
      default -> Optional.empty();
    };
    try {
      return selector.map(LabelSelectors::fromProto);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<OwnerReference> controller(Pod pod) {
    return pod.getMetadata().getOwnerReferencesList().stream()
        .filter(ref -> ref.hasController() && ref.getController()).findFirst();
  }
}
