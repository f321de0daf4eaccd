package io.kava.scheduler;

import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.core.v1.TopologySpreadConstraint;
import io.kava.api.core.v1.WeightedPodAffinityTerm;
import io.kava.api.meta.v1.LabelSelector;
import java.util.List;
import java.util.function.UnaryOperator;

/** Pod affinity terms and topology spread constraints for scheduler tests, as a manifest would write them. */
public final class PlacementObjects {
  public static final String HOSTNAME = "kubernetes.io/hostname";
  public static final String ZONE = "topology.kubernetes.io/zone";

  private PlacementObjects() {}

  /** A pod with these labels, given as key, value, key, value... */
  public static Pod labeled(Pod pod, String... keyValues) {
    var meta = pod.getMetadata().toBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      meta.putLabels(keyValues[i], keyValues[i + 1]);
    }
    return pod.toBuilder().setMetadata(meta).build();
  }

  public static Pod inNamespace(Pod pod, String namespace) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().setNamespace(namespace)).build();
  }

  /** A term selecting pods labelled key=value within the topology key's domains, in the pod's own namespace. */
  public static PodAffinityTerm term(String topologyKey, String key, String value) {
    return PodAffinityTerm.newBuilder().setTopologyKey(topologyKey)
        .setLabelSelector(LabelSelector.newBuilder().putMatchLabels(key, value)).build();
  }

  public static Pod requiredAffinity(Pod pod, PodAffinityTerm... terms) {
    return withAffinity(pod, a -> a.setPodAffinity(a.getPodAffinity().toBuilder()
        .addAllRequiredDuringSchedulingIgnoredDuringExecution(List.of(terms))));
  }

  public static Pod requiredAntiAffinity(Pod pod, PodAffinityTerm... terms) {
    return withAffinity(pod, a -> a.setPodAntiAffinity(a.getPodAntiAffinity().toBuilder()
        .addAllRequiredDuringSchedulingIgnoredDuringExecution(List.of(terms))));
  }

  public static Pod preferredAffinity(Pod pod, int weight, PodAffinityTerm term) {
    return withAffinity(pod, a -> a.setPodAffinity(a.getPodAffinity().toBuilder()
        .addPreferredDuringSchedulingIgnoredDuringExecution(weighted(weight, term))));
  }

  public static Pod preferredAntiAffinity(Pod pod, int weight, PodAffinityTerm term) {
    return withAffinity(pod, a -> a.setPodAntiAffinity(a.getPodAntiAffinity().toBuilder()
        .addPreferredDuringSchedulingIgnoredDuringExecution(weighted(weight, term))));
  }

  /** A constraint counting pods labelled key=value. */
  public static TopologySpreadConstraint constraint(int maxSkew, String topologyKey, String whenUnsatisfiable,
      String key, String value) {
    return TopologySpreadConstraint.newBuilder().setMaxSkew(maxSkew).setTopologyKey(topologyKey)
        .setWhenUnsatisfiable(whenUnsatisfiable).setLabelSelector(LabelSelector.newBuilder().putMatchLabels(key, value))
        .build();
  }

  public static Pod spread(Pod pod, TopologySpreadConstraint... constraints) {
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder()
        .addAllTopologySpreadConstraints(List.of(constraints))).build();
  }

  private static WeightedPodAffinityTerm weighted(int weight, PodAffinityTerm term) {
    return WeightedPodAffinityTerm.newBuilder().setWeight(weight).setPodAffinityTerm(term).build();
  }

  private static Pod withAffinity(Pod pod, UnaryOperator<Affinity.Builder> change) {
    Affinity.Builder affinity = pod.getSpec().getAffinity().toBuilder();
    change.apply(affinity);
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().setAffinity(affinity)).build();
  }
}
