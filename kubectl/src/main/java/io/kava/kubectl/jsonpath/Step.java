package io.kava.kubectl.jsonpath;

import java.util.List;

/** One step of a path: each takes the current values and gives the next ones (see {@link Evaluator}). */
sealed interface Step {
  /** `$`: back to the data the template was executed on. */
  record Root() implements Step {}

  /** `@`: the current value (inside range and filters). */
  record Current() implements Step {}

  /** `.name` or `['name']`. */
  record Field(String name) implements Step {}

  /** `.*` or `[*]`: every value of an object, every element of an array. */
  record Wildcard() implements Step {}

  /** `..`: the step after it applies at every depth. */
  record Recursive() implements Step {}

  /** `[i]`, `[a:b]`, `[a:b:c]`; null parts are left out; {@code single} for a plain index. */
  record Slice(Integer start, Integer end, Integer step, boolean single) implements Step {}

  /** `[1,3]` or `['a.b','c']`: each branch from the same values, results in branch order. */
  record Union(List<List<Step>> branches) implements Step {}

  /** `[?(@.a == "x")]`; operator "exists" when there is none. */
  record Filter(List<Step> left, String operator, Operand right) implements Step {}

  /** A bare word that is no path (upstream: an identifier); executing it fails. */
  record Identifier(String name) implements Step {}

  /** The right-hand side of a filter: a path or a literal. */
  sealed interface Operand {}

  record PathOperand(List<Step> path) implements Operand {}

  record Literal(Object value) implements Operand {}
}
