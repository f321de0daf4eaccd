package io.kava.apiserver.admission.eventratelimit;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.ObjectReference;
import io.kava.apiserver.registry.ValidatingAdmission;
import java.util.Arrays;
import java.util.Optional;

/**
 * Upstream's limit types (eventratelimit.admission.k8s.io/v1alpha1 LimitType): what an event's bucket
 * is keyed by. The names are the configuration's values and appear in the refusal message.
 */
public enum LimitType {
  /** One bucket for every event the server receives. */
  SERVER("Server"),
  /** A bucket per namespace of the event. */
  NAMESPACE("Namespace"),
  /** A bucket per user name of the caller. */
  USER("User"),
  /** A bucket per source (component, host) and involved object, as upstream's key: the fields joined without separator. */
  SOURCE_AND_OBJECT("SourceAndObject");

  private final String value;

  LimitType(String value) {
    this.value = value;
  }

  /** The configuration's spelling ("Server", "Namespace", "User", "SourceAndObject"). */
  public String value() {
    return value;
  }

  public static Optional<LimitType> of(String value) {
    return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
  }

  /** The key of this event's bucket. */
  String key(ValidatingAdmission.Attributes attributes) {
    return switch (this) {
      case SERVER -> "";
      case NAMESPACE -> attributes.namespace();
      case USER -> attributes.user() == null ? "" : attributes.user().name();
      case SOURCE_AND_OBJECT -> attributes.object() instanceof Event event ? sourceAndObject(event) : "";
    };
  }

  private static String sourceAndObject(Event event) {
    ObjectReference o = event.getInvolvedObject();
    return String.join("", event.getSource().getComponent(), event.getSource().getHost(), o.getKind(), o.getNamespace(),
        o.getName(), o.getUid(), o.getApiVersion());
  }

  @Override
  public String toString() {
    return value;
  }
}
