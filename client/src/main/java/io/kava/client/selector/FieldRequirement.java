package io.kava.client.selector;

/** One term of a field selector: field, equality or inequality, value. */
public record FieldRequirement(String field, boolean equal, String value) {
  public boolean matches(String actual) {
    return equal == value.equals(actual == null ? "" : actual);
  }

  @Override
  public String toString() {
    return field + (equal ? "=" : "!=") + FieldSelectors.escape(value);
  }
}
