package io.kava.apiserver.audit;

/** When in a request's life an event is logged, as upstream's audit stages. */
public enum AuditStage {
  RequestReceived, ResponseStarted, ResponseComplete, Panic
}
