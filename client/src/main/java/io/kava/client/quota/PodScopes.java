package io.kava.client.quota;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ResourceQuotaSpec;
import io.kava.api.core.v1.ScopedResourceSelectorRequirement;
import io.kava.client.pods.QosClass;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which pods a scoped quota counts, as upstream's pod evaluator: Terminating (activeDeadlineSeconds set)
 * and NotTerminating, BestEffort and NotBestEffort (QoS class), PriorityClass (spec.priorityClassName by
 * the scopeSelector's In, NotIn, Exists, DoesNotExist) and CrossNamespacePodAffinity. A quota matches
 * when every scope of spec.scopes and every requirement of spec.scopeSelector holds.
 */
public final class PodScopes {
  public static final String TERMINATING = "Terminating";
  public static final String NOT_TERMINATING = "NotTerminating";
  public static final String BEST_EFFORT = "BestEffort";
  public static final String NOT_BEST_EFFORT = "NotBestEffort";
  public static final String PRIORITY_CLASS = "PriorityClass";
  public static final String CROSS_NAMESPACE_POD_AFFINITY = "CrossNamespacePodAffinity";
  public static final List<String> ALL = List.of(TERMINATING, NOT_TERMINATING, BEST_EFFORT, NOT_BEST_EFFORT,
      PRIORITY_CLASS, CROSS_NAMESPACE_POD_AFFINITY);

  private PodScopes() {}

  /** A quota without scopes counts every object; a scoped one only the pods of its scopes. */
  public static boolean isScoped(ResourceQuotaSpec spec) {
    return spec.getScopesCount() > 0 || spec.getScopeSelector().getMatchExpressionsCount() > 0;
  }

  /** Whether the quota counts this pod (an unscoped quota counts every pod). */
  public static boolean matches(ResourceQuotaSpec spec, Pod pod) {
    List<ScopedResourceSelectorRequirement> all = new ArrayList<>();
    for (String scope : spec.getScopesList()) {
      all.add(ScopedResourceSelectorRequirement.newBuilder().setScopeName(scope).setOperator("Exists").build());
    }
    all.addAll(spec.getScopeSelector().getMatchExpressionsList());
    return all.stream().allMatch(r -> holds(r, pod));
  }

  private static boolean holds(ScopedResourceSelectorRequirement r, Pod pod) {
    PodSpec spec = pod.getSpec();
    if (r.getScopeName().equals(PRIORITY_CLASS)) {
      String name = spec.getPriorityClassName();
      return switch (r.getOperator()) {
        case "In" -> r.getValuesList().contains(name);
        case "NotIn" -> !r.getValuesList().contains(name);
        case "Exists" -> !name.isEmpty();
        case "DoesNotExist" -> name.isEmpty();
        default -> false;
      };
    }
    boolean inScope = switch (r.getScopeName()) {
      case TERMINATING -> spec.hasActiveDeadlineSeconds();
      case NOT_TERMINATING -> !spec.hasActiveDeadlineSeconds();
      case BEST_EFFORT -> QosClass.of(spec).equals(QosClass.BEST_EFFORT);
      case NOT_BEST_EFFORT -> !QosClass.of(spec).equals(QosClass.BEST_EFFORT);
      case CROSS_NAMESPACE_POD_AFFINITY -> crossNamespaceAffinity(spec);
      default -> false;
    };
    return r.getOperator().equals("DoesNotExist") ? !inScope : inScope;
  }

  private static boolean crossNamespaceAffinity(PodSpec spec) {
    Stream<PodAffinityTerm> terms = Stream.of(
        spec.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecutionList().stream(),
        spec.getAffinity().getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecutionList().stream()
            .map(w -> w.getPodAffinityTerm()),
        spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecutionList().stream(),
        spec.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecutionList().stream()
            .map(w -> w.getPodAffinityTerm())).flatMap(s -> s);
    return terms.anyMatch(t -> t.getNamespacesCount() > 0 || t.hasNamespaceSelector());
  }

  /** Upstream's QuotaV1Pod: a pod that has finished no longer counts. */
  public static boolean countsTowardsQuota(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return !phase.equals("Succeeded") && !phase.equals("Failed");
  }
}
