package io.kava.apiserver.validation;

import io.kava.api.scheduling.v1.PriorityClass;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.scheduling.PriorityClasses;
import java.util.ArrayList;
import java.util.List;

/** Upstream's PriorityClass validation (pkg/apis/scheduling/validation). */
public final class SchedulingValidation {
  private SchedulingValidation() {}

  public static List<FieldError> validatePriorityClass(PriorityClass pc) {
    List<FieldError> errs = new ArrayList<>();
    String name = pc.getMetadata().getName();
    if (name.startsWith(PriorityClasses.SYSTEM_PREFIX)) {
      if (!PriorityClasses.isKnownSystemClass(name, pc.getValue(), pc.getGlobalDefault())) {
        errs.add(FieldError.forbidden("metadata.name", "priority class names with '" + PriorityClasses.SYSTEM_PREFIX
            + "' prefix are reserved for system use only. error: " + name + " is not a known system priority class"
            + " with this value"));
      }
    } else if (pc.getValue() > PriorityClasses.HIGHEST_USER_DEFINABLE_PRIORITY) {
      errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is "
          + PriorityClasses.HIGHEST_USER_DEFINABLE_PRIORITY));
    }
    if (pc.hasPreemptionPolicy() && !PriorityClasses.PREEMPTION_POLICIES.contains(pc.getPreemptionPolicy())) {
      errs.add(FieldError.notSupported("preemptionPolicy", pc.getPreemptionPolicy(), PriorityClasses.PREEMPTION_POLICIES));
    }
    return errs;
  }

  /** Upstream: value and preemptionPolicy are fixed once created. */
  public static List<FieldError> validatePriorityClassUpdate(PriorityClass pc, PriorityClass old) {
    List<FieldError> errs = new ArrayList<>();
    if (pc.getValue() != old.getValue()) {
      errs.add(FieldError.forbidden("value", "may not be changed in an update."));
    }
    if (!pc.getPreemptionPolicy().equals(old.getPreemptionPolicy())) {
      errs.add(FieldError.forbidden("preemptionPolicy", "may not be changed in an update."));
    }
    return errs;
  }
}
