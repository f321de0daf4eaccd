package io.kava.controllermanager.podautoscaler;

import io.kava.api.meta.v1.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's setConditionInList for an HPA's conditions: reason and message always follow, the
 * transition time moves only when the status does, and the order of first appearance is kept.
 */
final class HpaConditions {
  static final String ABLE_TO_SCALE = "AbleToScale";
  static final String SCALING_ACTIVE = "ScalingActive";
  static final String SCALING_LIMITED = "ScalingLimited";

  private final List<Condition> conditions;
  private final String now;

  HpaConditions(List<Condition> current, String now) {
    this.conditions = new ArrayList<>(current);
    this.now = now;
  }

  void set(String type, String status, String reason, String message) {
    for (int i = 0; i < conditions.size(); i++) {
      Condition c = conditions.get(i);
      if (c.getType().equals(type)) {
        Condition.Builder b = c.toBuilder().setReason(reason).setMessage(message);
        if (!c.getStatus().equals(status)) {
          b.setStatus(status).setLastTransitionTime(now);
        }
        conditions.set(i, b.build());
        return;
      }
    }
    conditions.add(Condition.newBuilder().setType(type).setStatus(status).setReason(reason).setMessage(message)
        .setLastTransitionTime(now).build());
  }

  void set(String type, ScaleNormalizer.Verdict verdict) {
    set(type, verdict.status(), verdict.reason(), verdict.message());
  }

  List<Condition> list() {
    return List.copyOf(conditions);
  }
}
