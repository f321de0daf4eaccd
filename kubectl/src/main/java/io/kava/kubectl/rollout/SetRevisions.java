package io.kava.kubectl.rollout;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.history.ControllerRevisions;
import io.kava.client.selector.LabelSelectors;
import io.kava.kubectl.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * The ControllerRevisions a StatefulSet or DaemonSet controls (upstream controlledHistoryV1): those its
 * selector matches whose controller reference is the set, oldest revision first.
 */
public final class SetRevisions {
  private SetRevisions() {}

  public static List<ControllerRevision> of(Session session, Message set) {
    ObjectMeta meta = ApiObjects.meta(set);
    String selector = LabelSelectors.toString(selector(set));
    List<ControllerRevision> all = new ArrayList<>();
    for (Message m : session.resource(Kinds.CONTROLLER_REVISION)
        .list(new ListOptions(meta.getNamespace(), selector, "")).items()) {
      all.add((ControllerRevision) m);
    }
    return ControllerRevisions.ownedBy(meta, all);
  }

  /** The revisions as `rollout history` lists them; a revision's template is read only when shown. */
  public static List<History.Entry> entries(List<ControllerRevision> revisions) {
    return revisions.stream().map(r -> new History.Entry(r.getRevision(),
        r.getMetadata().getAnnotationsMap().get(Revisions.CHANGE_CAUSE), () -> ControllerRevisions.template(r))).toList();
  }

  private static LabelSelector selector(Message set) {
    return set instanceof StatefulSet s ? s.getSpec().getSelector() : ((DaemonSet) set).getSpec().getSelector();
  }
}
