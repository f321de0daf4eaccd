package io.kava.apiserver.storage;

/** A compare-and-swap lost: the key changed since the revision the caller read. */
public class RevisionConflictException extends StorageException {
  private final long actualModRevision;

  public RevisionConflictException(String key, long expected, long actual) {
    super("Key " + key + " is at revision " + actual + ", not " + expected);
    this.actualModRevision = actual;
  }

  public long actualModRevision() {
    return actualModRevision;
  }
}
