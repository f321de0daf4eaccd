package io.kava.apiserver.storage;

/** The requested revision is older than the store's history. */
public class CompactedException extends StorageException {
  private final long compactRevision;

  public CompactedException(long compactRevision) {
    super("Required revision has been compacted" + (compactRevision > 0 ? " (compacted at " + compactRevision + ")" : ""));
    this.compactRevision = compactRevision;
  }

  /** The revision history starts after, or 0 when the store did not say. */
  public long compactRevision() {
    return compactRevision;
  }
}
