package io.kava.scheduler.framework;

import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinity;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.core.v1.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A pod with its pod affinity and anti-affinity terms parsed once, as upstream's framework.PodInfo:
 * required and preferred, each term with its weight (required terms weigh 1). A weight of 0 is left out.
 */
public record PodAffinityTerms(Pod pod, List<AffinityTerm> requiredAffinity, List<AffinityTerm> requiredAntiAffinity,
    List<AffinityTerm> preferredAffinity, List<AffinityTerm> preferredAntiAffinity) {
  public PodAffinityTerms {
    requiredAffinity = List.copyOf(requiredAffinity);
    requiredAntiAffinity = List.copyOf(requiredAntiAffinity);
    preferredAffinity = List.copyOf(preferredAffinity);
    preferredAntiAffinity = List.copyOf(preferredAntiAffinity);
  }

  public static PodAffinityTerms of(Pod pod) {
    Affinity affinity = pod.getSpec().getAffinity();
    PodAffinity near = affinity.getPodAffinity();
    PodAffinity far = affinity.getPodAntiAffinity();
    return new PodAffinityTerms(pod, required(pod, near), required(pod, far), preferred(pod, near), preferred(pod, far));
  }

  /** Whether the pod has any pod affinity or anti-affinity (upstream's podWithAffinity). */
  public static boolean hasPodAffinity(Pod pod) {
    return pod.getSpec().hasAffinity()
        && (pod.getSpec().getAffinity().hasPodAffinity() || pod.getSpec().getAffinity().hasPodAntiAffinity());
  }

  /** The same terms each rewritten (the incoming pod's namespaceSelectors resolved into namespaces). */
  public PodAffinityTerms map(UnaryOperator<AffinityTerm> f) {
    return new PodAffinityTerms(pod, requiredAffinity.stream().map(f).toList(),
        requiredAntiAffinity.stream().map(f).toList(), preferredAffinity.stream().map(f).toList(),
        preferredAntiAffinity.stream().map(f).toList());
  }

  private static List<AffinityTerm> required(Pod pod, PodAffinity affinity) {
    List<AffinityTerm> terms = new ArrayList<>();
    for (PodAffinityTerm t : affinity.getRequiredDuringSchedulingIgnoredDuringExecutionList()) {
      terms.add(AffinityTerm.of(pod, t, 1));
    }
    return terms;
  }

  private static List<AffinityTerm> preferred(Pod pod, PodAffinity affinity) {
    List<AffinityTerm> terms = new ArrayList<>();
    for (WeightedPodAffinityTerm t : affinity.getPreferredDuringSchedulingIgnoredDuringExecutionList()) {
      if (t.getWeight() != 0) {
        terms.add(AffinityTerm.of(pod, t.getPodAffinityTerm(), t.getWeight()));
      }
    }
    return terms;
  }
}
