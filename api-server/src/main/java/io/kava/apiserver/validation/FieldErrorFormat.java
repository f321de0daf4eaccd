package io.kava.apiserver.validation;

import java.util.Collection;
import java.util.stream.Collectors;

/** Go-like rendering of values inside error details. */
final class FieldErrorFormat {
  private FieldErrorFormat() {}

  static String list(Collection<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[]string{", "}"));
  }
}
