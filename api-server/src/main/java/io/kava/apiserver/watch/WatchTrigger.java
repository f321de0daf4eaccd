package io.kava.apiserver.watch;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Pod;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.Optional;
import java.util.function.Function;

/**
 * Upstream's watch cache trigger (the cacher's IndexerFuncs, pods by spec.nodeName): a field whose
 * value names the watches an event can concern. A watch whose field selector requires field=X is only
 * offered events whose object had or has X there, so a thousand kubelets' watches do not each look
 * at every pod event.
 */
record WatchTrigger(String field, Function<Message, String> value) {
  static final WatchTrigger POD_NODE_NAME = new WatchTrigger("spec.nodeName", m -> ((Pod) m).getSpec().getNodeName());

  static Optional<WatchTrigger> forKind(Kind kind) {
    return kind.equals(Kinds.POD) ? Optional.of(POD_NODE_NAME) : Optional.empty();
  }

  /** The value a watch requires, or null when it must see every event (no equality on the field). */
  String requiredBy(WatchFilter filter) {
    return filter.fields().requiredValue(field);
  }

  /** The object's value, or null for none (a deleted object has no "after"). */
  String of(Message object) {
    return object == null ? null : value.apply(object);
  }
}
