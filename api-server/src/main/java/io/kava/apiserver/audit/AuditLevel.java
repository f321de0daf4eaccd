package io.kava.apiserver.audit;

/** How much of a request is logged, as upstream's audit levels, least to most. */
public enum AuditLevel {
  None, Metadata, Request, RequestResponse;

  public boolean atLeast(AuditLevel other) {
    return compareTo(other) >= 0;
  }
}
