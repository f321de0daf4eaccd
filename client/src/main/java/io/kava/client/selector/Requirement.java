package io.kava.client.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One term of a label selector: a key, an operator and its values, validated on construction. */
public record Requirement(String key, Operator operator, List<String> values) {

  public Requirement {
    values = List.copyOf(values);
    List<String> errs = new ArrayList<>();
    for (String msg : LabelValidation.isQualifiedName(key)) {
      errs.add("key: Invalid value: \"" + key + "\": " + msg);
    }
    switch (operator) {
      case IN, NOT_IN -> {
        if (values.isEmpty()) {
          errs.add("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (values.size() != 1) {
          errs.add("values: Invalid value: " + values + ": exact-match compatibility requires one single value");
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!values.isEmpty()) {
          errs.add("values: Invalid value: " + values + ": values set must be empty for exists and does not exist");
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values.size() != 1) {
          errs.add("values: Invalid value: " + values + ": for 'Gt', 'Lt' operators, exactly one value is required");
        } else {
          try {
            Long.parseLong(values.get(0));
          } catch (NumberFormatException e) {
            errs.add("values[0]: Invalid value: \"" + values.get(0) + "\": for 'Gt', 'Lt' operators, the value must be an integer");
          }
        }
      }
    }
    if (operator != Operator.GREATER_THAN && operator != Operator.LESS_THAN) {
      for (int i = 0; i < values.size(); i++) {
        for (String msg : LabelValidation.isValidLabelValue(values.get(i))) {
          errs.add("values[" + i + "][" + key + "]: Invalid value: \"" + values.get(i) + "\": " + msg);
        }
      }
    }
    if (!errs.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errs));
    }
  }

  public boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    boolean has = labels.containsKey(key);
    return switch (operator) {
      case EQUALS, DOUBLE_EQUALS, IN -> has && values.contains(value);
      case NOT_EQUALS, NOT_IN -> !has || !values.contains(value);
      case EXISTS -> has;
      case DOES_NOT_EXIST -> !has;
      case GREATER_THAN, LESS_THAN -> {
        if (!has) {
          yield false;
        }
        long actual;
        try {
          actual = Long.parseLong(value);
        } catch (NumberFormatException e) {
          yield false;
        }
        long bound = Long.parseLong(values.get(0));
        yield operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
      }
    };
  }

  /** The term in kubectl syntax, values sorted: "a=b", "c!=d", "e in (x,y)", "f notin (z)", "g", "!h". */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (operator == Operator.DOES_NOT_EXIST) {
      sb.append('!');
    }
    sb.append(key);
    switch (operator) {
      case EQUALS -> sb.append('=');
      case DOUBLE_EQUALS -> sb.append("==");
      case NOT_EQUALS -> sb.append("!=");
      case IN -> sb.append(" in ");
      case NOT_IN -> sb.append(" notin ");
      case GREATER_THAN -> sb.append('>');
      case LESS_THAN -> sb.append('<');
      case EXISTS, DOES_NOT_EXIST -> {
        return sb.toString();
      }
    }
    boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
    if (set) {
      sb.append('(');
    }
    sb.append(String.join(",", values.stream().sorted().toList()));
    if (set) {
      sb.append(')');
    }
    return sb.toString();
  }
}
