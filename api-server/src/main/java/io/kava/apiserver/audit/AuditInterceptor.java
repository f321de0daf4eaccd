package io.kava.apiserver.audit;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.kava.apiserver.auth.AuthRecord;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.List;

/**
 * The audit log's place in the call: outermost, so it sees every call, the ones authentication refuses
 * too, and the final status after the error mapping. It attaches an {@link AuthRecord} that the
 * authentication and authorization inside fill in (the user, impersonation, the decision), notes the
 * first request message and the response, and sends each call's audit-id back in a trailer (upstream's
 * Audit-Id header).
 */
public final class AuditInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> AUDIT_ID = Metadata.Key.of("audit-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

  private final AuditPolicy policy;
  private final AuditBackend backend;
  private final Clock clock;

  public AuditInterceptor(AuditPolicy policy, AuditBackend backend, Clock clock) {
    this.policy = policy;
    this.backend = backend;
    this.clock = clock;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    AuthRecord record = new AuthRecord();
    boolean streaming = call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY;
    CallAudit audit = new CallAudit(policy, backend, clock, record, call.getMethodDescriptor().getFullMethodName(), streaming,
        sourceIps(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)), headers.get(USER_AGENT));
    ServerCall<Q, R> audited = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendHeaders(Metadata responseHeaders) {
        audit.responseStarted();
        super.sendHeaders(responseHeaders);
      }

      @Override
      public void sendMessage(R message) {
        audit.responseSent(message);
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        trailers.put(AUDIT_ID, audit.auditId);
        audit.completed(status, trailers);
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<Q> delegate = Contexts.interceptCall(record.attachTo(Context.current()), audited, headers, next);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        audit.requestArrived(message);
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        audit.cancelled(Contexts.statusFromCancelled(Context.current()));
        super.onCancel();
      }
    };
  }

  private static List<String> sourceIps(SocketAddress remote) {
    return remote instanceof InetSocketAddress a && a.getAddress() != null ? List.of(a.getAddress().getHostAddress()) : List.of();
  }
}
