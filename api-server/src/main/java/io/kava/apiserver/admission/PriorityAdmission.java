package io.kava.apiserver.admission;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.scheduling.v1.PriorityClass;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.Kinds;
import io.kava.client.scheduling.PriorityClasses;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's Priority admission: a new pod's spec.priorityClassName is resolved to spec.priority and
 * spec.preemptionPolicy (a pod naming no class gets the global default class, else priority 0); an
 * unknown class, or a priority the pod states itself that differs, is refused. A PriorityClass may only be
 * the global default if no other is.
 */
public final class PriorityAdmission {
  /** The cluster's PriorityClasses as admission sees them (the watch cache, with a storage fallback). */
  public interface Classes {
    Optional<PriorityClass> get(String name);

    List<PriorityClass> all();
  }

  private final Classes classes;

  public PriorityAdmission(Classes classes) {
    this.classes = classes;
  }

  /** Knows only the system classes: for a registry without storage behind it (unit tests). */
  public static PriorityAdmission systemOnly() {
    return new PriorityAdmission(new Classes() {
      @Override
      public Optional<PriorityClass> get(String name) {
        return all().stream().filter(pc -> pc.getMetadata().getName().equals(name)).findFirst();
      }

      @Override
      public List<PriorityClass> all() {
        return PriorityClasses.system();
      }
    });
  }

  public Pod admitCreate(Pod pod) {
    PodSpec spec = pod.getSpec();
    String className = spec.getPriorityClassName();
    int priority;
    String policy;
    if (className.isEmpty()) {
      Optional<PriorityClass> global = globalDefault();
      className = global.map(pc -> pc.getMetadata().getName()).orElse("");
      priority = global.map(PriorityClass::getValue).orElse(0);
      policy = global.map(PriorityAdmission::policyOf).orElse(PriorityClasses.PREEMPT_LOWER_PRIORITY);
    } else {
      PriorityClass pc = classes.get(className).orElseThrow(() -> ApiError.forbidden(Kinds.POD, name(pod),
          "no PriorityClass with name " + spec.getPriorityClassName() + " was found"));
      priority = pc.getValue();
      policy = policyOf(pc);
    }
    if (spec.hasPriority() && spec.getPriority() != priority) {
      throw ApiError.forbidden(Kinds.POD, name(pod), "the integer value of priority (" + spec.getPriority()
          + ") must not be provided in pod spec; priority admission controller computed " + priority
          + " from the given PriorityClass name");
    }
    if (!spec.getPreemptionPolicy().isEmpty() && !spec.getPreemptionPolicy().equals(policy)) {
      throw ApiError.forbidden(Kinds.POD, name(pod), "the string value of PreemptionPolicy ("
          + spec.getPreemptionPolicy() + ") must not be provided in pod spec; priority admission controller computed "
          + policy + " from the given PriorityClass name");
    }
    return pod.toBuilder().setSpec(spec.toBuilder().setPriorityClassName(className).setPriority(priority)
        .setPreemptionPolicy(policy)).build();
  }

  /** An update keeps what admission set at create, as upstream (a client may send the pod without them). */
  public static Pod keepOnUpdate(Pod pod, Pod old) {
    PodSpec.Builder spec = pod.getSpec().toBuilder();
    if (!spec.hasPriority() && old.getSpec().hasPriority()) {
      spec.setPriority(old.getSpec().getPriority());
    }
    if (spec.getPreemptionPolicy().isEmpty()) {
      spec.setPreemptionPolicy(old.getSpec().getPreemptionPolicy());
    }
    return pod.toBuilder().setSpec(spec).build();
  }

  /** Refuses a second global default (upstream: "Only one default can exist"). */
  public void admitClass(PriorityClass pc) {
    if (!pc.getGlobalDefault()) {
      return;
    }
    String name = pc.getMetadata().getName();
    classes.all().stream().filter(other -> other.getGlobalDefault() && !other.getMetadata().getName().equals(name))
        .findFirst().ifPresent(other -> {
          throw ApiError.forbidden(Kinds.PRIORITY_CLASS, name, "PriorityClass " + other.getMetadata().getName()
              + " is already marked as default. Only one default can exist");
        });
  }

  /** With several defaults (written around admission), the lowest value wins, as upstream's getDefaultPriorityClass. */
  private Optional<PriorityClass> globalDefault() {
    return classes.all().stream().filter(PriorityClass::getGlobalDefault)
        .min(Comparator.comparingInt(PriorityClass::getValue));
  }

  private static String policyOf(PriorityClass pc) {
    return pc.hasPreemptionPolicy() ? pc.getPreemptionPolicy() : PriorityClasses.PREEMPT_LOWER_PRIORITY;
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName().isEmpty() ? pod.getMetadata().getGenerateName() : pod.getMetadata().getName();
  }
}
