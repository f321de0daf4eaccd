package io.kava.controllermanager.job;

import io.kava.api.core.v1.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;

/** Which indexes an Indexed Job still needs, and which of its running pods are extra (upstream indexed_job_utils). */
final class IndexedPods {
  private IndexedPods() {}

  /** Active pods without a valid index, with an index already succeeded, or a second one with the same index. */
  static List<Pod> duplicatesAndOutOfRange(List<Pod> active, int completions, SortedSet<Integer> succeeded) {
    List<Pod> extra = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (Pod pod : active) {
      OptionalInt index = JobPods.index(pod, completions);
      if (index.isEmpty() || succeeded.contains(index.getAsInt()) || !seen.add(index.getAsInt())) {
        extra.add(pod);
      }
    }
    return extra;
  }

  /** The lowest {@code n} indexes that neither succeeded nor have an active pod. */
  static List<Integer> firstMissing(List<Pod> active, int completions, SortedSet<Integer> succeeded, int n) {
    Set<Integer> running = new HashSet<>();
    for (Pod pod : active) {
      JobPods.index(pod, completions).ifPresent(running::add);
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < completions && missing.size() < n; i++) {
      if (!succeeded.contains(i) && !running.contains(i)) {
        missing.add(i);
      }
    }
    return missing;
  }
}
