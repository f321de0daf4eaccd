package io.kava.kubectl.jsonpath;

import java.util.List;

/** A piece of a template: literal text, `{path}`, or `{range path}...{end}`. */
sealed interface Segment {
  record Text(String text) implements Segment {}

  record Action(List<Step> path) implements Segment {}

  record Range(List<Step> path, List<Segment> body) implements Segment {}
}
