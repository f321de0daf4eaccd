package io.kava.apiserver.watch;

import java.util.HashSet;
import java.util.Set;

/**
 * How far a stream of changes was considered: a revision and, as one transaction of several keys gives
 * them all its revision, the keys considered at it. Not thread-safe: its owner guards it.
 */
final class RevisionPosition {
  private long revision;
  private final Set<String> keys = new HashSet<>();
  /** Every change at the revision was considered (a snapshot or a bookmark at it). */
  private boolean complete = true;

  RevisionPosition(long revision) {
    this.revision = revision;
  }

  long revision() {
    return revision;
  }

  /** Moves on to a change and answers true, or answers false for a change already considered. */
  boolean advance(long changeRevision, String key) {
    if (changeRevision < revision || (changeRevision == revision && (complete || !keys.add(key)))) {
      return false;
    }
    if (changeRevision > revision) {
      keys.clear();
      keys.add(key);
      complete = false;
      revision = changeRevision;
    }
    return true;
  }

  /** Every change up to the revision is considered (a snapshot read at it, a bookmark). */
  void completeAt(long newRevision) {
    revision = newRevision;
    keys.clear();
    complete = true;
  }
}
