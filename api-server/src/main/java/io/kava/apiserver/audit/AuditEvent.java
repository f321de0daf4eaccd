package io.kava.apiserver.audit;

import io.kava.apiserver.auth.UserInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One audit event as upstream's audit.k8s.io/v1 Event, immutable, so the writer thread can serialize it
 * after the call has gone on. The request and response messages are held as they are (protobuf
 * messages are immutable) and turned into JSON only when written; they are set only at the levels that
 * log them (Request, RequestResponse).
 *
 * @param user the authenticated caller; empty when authentication refused the call
 * @param method the gRPC method ("Create"), to read the request and response messages
 */
public record AuditEvent(AuditLevel level, String auditId, AuditStage stage, String requestUri, String verb,
    Optional<UserInfo> user, Optional<UserInfo> impersonatedUser, List<String> sourceIps, String userAgent,
    Optional<ObjectRef> objectRef, Optional<ResponseStatus> responseStatus, String method, Object requestMessage,
    Object responseMessage, Instant requestReceivedTimestamp, Instant stageTimestamp, Map<String, String> annotations) {
  public AuditEvent {
    sourceIps = List.copyOf(sourceIps);
    annotations = Map.copyOf(annotations);
  }

  /** Upstream's ObjectReference: what the request is about; empty strings are left out. */
  public record ObjectRef(String resource, String namespace, String name, String apiGroup, String apiVersion,
      String subresource) {}

  /**
   * The response's status as upstream's metav1.Status: the HTTP code the gRPC status stands for, and for a
   * failure "Failure" with the reason and message.
   */
  public record ResponseStatus(int code, String status, String reason, String message) {
    public static ResponseStatus success(int code) {
      return new ResponseStatus(code, "", "", "");
    }
  }
}
