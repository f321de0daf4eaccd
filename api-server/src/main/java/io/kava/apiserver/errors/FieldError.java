package io.kava.apiserver.errors;

import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One offending field, as upstream's field.Error: its path, what is wrong, the bad value and a detail.
 * Prints as kubectl shows it: {@code spec.replicas: Invalid value: -1: must be greater than or equal to 0}.
 */
public record FieldError(Type type, String field, Object badValue, boolean hasValue, String detail) {

  /** Upstream's field.ErrorType: its text and its StatusCause reason. */
  public enum Type {
    NOT_FOUND("Not found", "FieldValueNotFound"),
    REQUIRED("Required value", "FieldValueRequired"),
    DUPLICATE("Duplicate value", "FieldValueDuplicate"),
    INVALID("Invalid value", "FieldValueInvalid"),
    NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported"),
    FORBIDDEN("Forbidden", "FieldValueForbidden"),
    TOO_LONG("Too long", "FieldValueTooLong"),
    TOO_MANY("Too many", "FieldValueTooMany"),
    INTERNAL("Internal error", "InternalError");

    private final String text;
    private final String reason;

    Type(String text, String reason) {
      this.text = text;
      this.reason = reason;
    }

    public String text() {
      return text;
    }

    public String reason() {
      return reason;
    }
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, false, detail);
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, true, detail);
  }

  public static FieldError duplicate(String field, Object value) {
    return new FieldError(Type.DUPLICATE, field, value, true, "");
  }

  public static FieldError notFound(String field, Object value) {
    return new FieldError(Type.NOT_FOUND, field, value, true, "");
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, false, detail);
  }

  public static FieldError tooLong(String field, long max) {
    return new FieldError(Type.TOO_LONG, field, null, false, "must have at most " + max + " bytes");
  }

  /** Upstream's field.TooMany: "Too many: 1001: must have at most 1000 items". */
  public static FieldError tooMany(String field, int actual, int max) {
    return new FieldError(Type.TOO_MANY, field, actual, true, "must have at most " + max + " items");
  }

  public static FieldError notSupported(String field, Object value, Collection<String> supported) {
    String detail = supported.isEmpty() ? "" : "supported values: "
        + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    return new FieldError(Type.NOT_SUPPORTED, field, value, true, detail);
  }

  /** The part after the field path: "Invalid value: -1: must be ..." (a StatusCause's message). */
  public String body() {
    StringBuilder sb = new StringBuilder(type.text());
    if (hasValue && type != Type.REQUIRED && type != Type.FORBIDDEN && type != Type.TOO_LONG && type != Type.INTERNAL) {
      sb.append(": ").append(format(badValue));
    }
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }

  /** Go's %v-like rendering of a value: strings quoted, maps as map[string]string{...}. */
  static String format(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Map<?, ?> m) {
      return "map[string]string{" + m.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.toString().compareTo(b.toString())))
          .map(e -> quote(e.getKey().toString()) + ":" + quote(String.valueOf(e.getValue())))
          .collect(Collectors.joining(", ")) + "}";
    }
    if (value instanceof Collection<?> c) {
      return "[]string{" + c.stream().map(o -> quote(String.valueOf(o))).collect(Collectors.joining(", ")) + "}";
    }
    if (value instanceof MessageOrBuilder m) {
      String text = com.google.protobuf.TextFormat.printer().emittingSingleLine(true).printToString((Message) m).trim();
      return m.getDescriptorForType().getName() + "{" + text + "}";
    }
    return value.toString();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
