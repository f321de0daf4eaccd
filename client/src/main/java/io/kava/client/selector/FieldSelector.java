package io.kava.client.selector;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A parsed field selector ({@code metadata.name=web,spec.nodeName!=node-1}): every term must hold. */
public final class FieldSelector {
  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<FieldRequirement> requirements;

  FieldSelector(List<FieldRequirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  public List<FieldRequirement> requirements() {
    return requirements;
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** The value a term requires of a field with equality (metadata.name=x), or null. */
  public String requiredValue(String field) {
    for (FieldRequirement r : requirements) {
      if (r.equal() && r.field().equals(field)) {
        return r.value();
      }
    }
    return null;
  }

  public boolean matches(Map<String, String> fields) {
    for (FieldRequirement r : requirements) {
      if (!r.matches(fields.get(r.field()))) {
        return false;
      }
    }
    return true;
  }

  public boolean matches(Message object) {
    return isEmpty() || matches(FieldSelectors.fieldsOf(object));
  }

  /** Throws IllegalArgumentException ("field label not supported: x") for a field the kind does not index. */
  public FieldSelector checkSupported(Message kindInstance) {
    Set<String> supported = FieldSelectors.supportedFields(kindInstance);
    for (FieldRequirement r : requirements) {
      if (!supported.contains(r.field())) {
        throw new IllegalArgumentException("field label not supported: " + r.field());
      }
    }
    return this;
  }

  @Override
  public String toString() {
    return requirements.stream().map(FieldRequirement::toString).collect(Collectors.joining(","));
  }
}
