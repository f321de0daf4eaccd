package io.kava.client;

/** Graceful deletion and garbage-collection choices of a delete, as upstream's DeleteOptions. */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid) {
  public static DeleteOptions defaults() {
    return new DeleteOptions(null, "", "");
  }

  public static DeleteOptions gracePeriod(long seconds) {
    return new DeleteOptions(seconds, "", "");
  }

  public static DeleteOptions propagation(String policy) {
    return new DeleteOptions(null, policy, "");
  }
}
