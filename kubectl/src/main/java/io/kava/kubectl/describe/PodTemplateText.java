package io.kava.kubectl.describe;

import io.kava.api.core.v1.PodTemplateSpec;
import java.time.ZoneId;

/** A pod template as `kubectl describe` shows it ("Pod Template:" and below), for `rollout history --revision`. */
public final class PodTemplateText {
  private PodTemplateText() {}

  public static String of(PodTemplateSpec template) {
    DescribeWriter w = new DescribeWriter(ZoneId.systemDefault());
    WorkloadDescribers.podTemplate(w, template);
    return w.render();
  }
}
