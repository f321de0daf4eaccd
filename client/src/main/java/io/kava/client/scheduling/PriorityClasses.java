package io.kava.client.scheduling;

import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.scheduling.v1.PriorityClass;
import java.util.List;

/** Upstream's scheduling constants: the system priority classes and the highest value a user class may have. */
public final class PriorityClasses {
  public static final int HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
  public static final int SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
  public static final String SYSTEM_PREFIX = "system-";
  public static final String SYSTEM_CLUSTER_CRITICAL = "system-cluster-critical";
  public static final String SYSTEM_NODE_CRITICAL = "system-node-critical";
  public static final String PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";
  public static final String NEVER = "Never";
  public static final List<String> PREEMPTION_POLICIES = List.of(PREEMPT_LOWER_PRIORITY, NEVER);

  private PriorityClasses() {}

  /** The two classes every cluster has, as upstream's SystemPriorityClasses(). */
  public static List<PriorityClass> system() {
    return List.of(
        system(SYSTEM_NODE_CRITICAL, SYSTEM_CRITICAL_PRIORITY + 1000,
            "Used for system critical pods that must not be moved from their current node."),
        system(SYSTEM_CLUSTER_CRITICAL, SYSTEM_CRITICAL_PRIORITY,
            "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."));
  }

  private static PriorityClass system(String name, int value, String description) {
    return PriorityClass.newBuilder().setApiVersion("scheduling.k8s.io/v1").setKind("PriorityClass")
        .setMetadata(ObjectMeta.newBuilder().setName(name)).setValue(value).setDescription(description)
        .setPreemptionPolicy(PREEMPT_LOWER_PRIORITY).build();
  }

  /** Whether NAME/VALUE/GLOBAL_DEFAULT are exactly one of the system classes (upstream IsKnownSystemPriorityClass). */
  public static boolean isKnownSystemClass(String name, int value, boolean globalDefault) {
    return system().stream().anyMatch(pc -> pc.getMetadata().getName().equals(name) && pc.getValue() == value
        && pc.getGlobalDefault() == globalDefault);
  }
}
