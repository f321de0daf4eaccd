package io.kava.kubectl.resource;

import io.kava.client.Kind;
import java.util.List;

/** One kind a command works on, and the names it was given for it (empty: all of them). */
public record Target(Kind kind, List<String> names) {
  public Target {
    names = List.copyOf(names);
  }
}
