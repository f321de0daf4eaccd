package io.kava.apiserver.allocator;

/** A value could not be allocated; the message is upstream's allocator error text. */
public final class AllocationException extends RuntimeException {

  /** Why: outside the range, already taken, or nothing left. */
  public enum Reason { NOT_IN_RANGE, ALLOCATED, FULL }

  private final Reason reason;

  AllocationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
