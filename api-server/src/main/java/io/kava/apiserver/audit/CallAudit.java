package io.kava.apiserver.audit;

import io.grpc.Metadata;
import io.grpc.Status;
import io.kava.api.v1.CreateRequest;
import io.kava.apiserver.auth.AuthRecord;
import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.RequestAttributesMapper;
import io.kava.apiserver.auth.UserInfo;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audit of one call: decides its level once (at its first request message, or at its end when none
 * came), and hands the backend one event per stage the policy keeps: RequestReceived when the request
 * arrives, ResponseStarted when a stream's first response goes out, ResponseComplete once, whether the
 * call succeeded, was refused or was cancelled.
 */
final class CallAudit {
  /** Who a call refused by authentication is: nobody (upstream's event has an empty user). */
  private static final UserInfo NOBODY = new UserInfo("", "", List.of(), Map.of());
  static final String DECISION = "authorization.k8s.io/decision";
  static final String REASON = "authorization.k8s.io/reason";

  private final AuditPolicy policy;
  private final AuditBackend backend;
  private final Clock clock;
  private final AuthRecord record;
  private final String fullMethod;
  private final String method;
  private final boolean streaming;
  private final List<String> sourceIps;
  private final String userAgent;
  private final Instant received;
  final String auditId = UUID.randomUUID().toString();
  private final AtomicBoolean completed = new AtomicBoolean();
  private boolean arrived;
  private Object request;
  private RequestAttributes attributes;
  private AuditPolicy.Decision decision;
  private volatile Object response;
  private volatile boolean started;

  CallAudit(AuditPolicy policy, AuditBackend backend, Clock clock, AuthRecord record, String fullMethod, boolean streaming,
      List<String> sourceIps, String userAgent) {
    this.policy = policy;
    this.backend = backend;
    this.clock = clock;
    this.record = record;
    this.fullMethod = fullMethod;
    this.method = RequestUris.bare(fullMethod);
    this.streaming = streaming;
    this.sourceIps = List.copyOf(sourceIps);
    this.userAgent = userAgent == null ? "" : userAgent;
    this.received = clock.instant();
  }

  /** A request message arrived; only a call's first one says what the call is. */
  void requestArrived(Object message) {
    synchronized (this) {
      if (arrived) {
        return;
      }
      arrived = true;
      request = message;
    }
    log(AuditStage.RequestReceived, null);
  }

  /** The response headers went out: a stream (watch, logs, exec) has started answering. */
  void responseStarted() {
    if (streaming && !started) {
      started = true;
      log(AuditStage.ResponseStarted, AuditEvent.ResponseStatus.success(200));
    }
  }

  /** A response message went out; a unary call's one is kept for RequestResponse. */
  void responseSent(Object message) {
    if (!streaming && decide().level().atLeast(AuditLevel.RequestResponse)) {
      response = message;
    }
  }

  /** The call closed with this status (the error mapping's Status trailer says the reason). */
  void completed(Status status, Metadata trailers) {
    if (completed.compareAndSet(false, true)) {
      log(AuditStage.ResponseComplete, HttpStatus.of(status, trailers.get(ApiException.STATUS_KEY), verb()));
    }
  }

  /** The call ended without a close of ours: the client went away, or gRPC refused the message itself. */
  void cancelled(Status status) {
    if (completed.compareAndSet(false, true)) {
      // A stream that had started answering ends as upstream's watch does when its client leaves: 200.
      log(AuditStage.ResponseComplete, started ? AuditEvent.ResponseStatus.success(200)
          : HttpStatus.of(status == null ? Status.CANCELLED : status, null, verb()));
    }
  }

  private synchronized AuditPolicy.Decision decide() {
    if (decision == null) {
      attributes = RequestAttributesMapper.describe(record.user().orElse(NOBODY), method, request);
      decision = policy.decide(attributes, RequestAttributesMapper.nonResource(method) ? "/version" : null);
    }
    return decision;
  }

  private String verb() {
    decide();
    synchronized (this) {
      return attributes.verb();
    }
  }

  private void log(AuditStage stage, AuditEvent.ResponseStatus status) {
    AuditPolicy.Decision d = decide();
    if (!d.logs(stage)) {
      return;
    }
    RequestAttributes a;
    Object req;
    synchronized (this) {
      a = attributes;
      req = request;
    }
    backend.process(new AuditEvent(d.level(), auditId, stage, RequestUris.of(fullMethod, a, req), a.verb(), record.user(),
        record.impersonated(), sourceIps, userAgent, objectRef(a, req), Optional.ofNullable(status), method,
        d.level().atLeast(AuditLevel.Request) ? req : null,
        stage == AuditStage.ResponseComplete && d.level().atLeast(AuditLevel.RequestResponse) ? response : null,
        received, clock.instant(), annotations()));
  }

  private Map<String, String> annotations() {
    Map<String, String> out = new HashMap<>();
    record.decision().ifPresent(d -> {
      out.put(DECISION, d.kind() == Authorizer.Decision.Kind.ALLOW ? "allow" : "forbid");
      if (!d.reason().isEmpty()) {
        out.put(REASON, d.reason());
      }
    });
    return out;
  }

  /** What the call is about; a create's name comes from its object, as upstream fills it in. */
  private static Optional<AuditEvent.ObjectRef> objectRef(RequestAttributes a, Object request) {
    if (a.resource().isEmpty()) {
      return Optional.empty();
    }
    String name = a.name();
    if (name.isEmpty() && request instanceof CreateRequest c) {
      try {
        name = ApiObjects.meta(ApiObjects.unpack(c.getObject())).getName();
      } catch (RuntimeException e) {
        // Not decodable: no name.
      }
    }
    return Optional.of(new AuditEvent.ObjectRef(a.resource(), a.namespace(), name, a.apiGroup(), RequestUris.version(a),
        a.subresource()));
  }
}
