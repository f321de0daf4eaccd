package io.kava.kubelet.auth;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every call to the kubelet's API: the caller from its client certificate
 * ({@link KubeletUser}), the request's attributes ({@link KubeletRequest}), then the authorizer. A
 * refusal is PERMISSION_DENIED with upstream's kubelet text,
 * {@code Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)}.
 */
public final class KubeletAuthInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(KubeletAuthInterceptor.class);
  private final KubeletAuthorizer authorizer;
  private final boolean anonymousAuth;

  public KubeletAuthInterceptor(KubeletAuthorizer authorizer) {
    this(authorizer, true);
  }

  /** {@code anonymousAuth} false: a caller without a client certificate is UNAUTHENTICATED (--anonymous-auth=false). */
  public KubeletAuthInterceptor(KubeletAuthorizer authorizer, boolean anonymousAuth) {
    this.authorizer = authorizer;
    this.anonymousAuth = anonymousAuth;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    KubeletUser user = KubeletUser.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (!anonymousAuth && user.equals(KubeletUser.ANONYMOUS)) {
      call.close(Status.UNAUTHENTICATED.withDescription("Unauthorized"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    KubeletRequest request = KubeletRequest.of(call.getMethodDescriptor().getFullMethodName());
    boolean allowed;
    try {
      allowed = authorizer.allowed(user, request);
    } catch (RuntimeException e) {
      log.warn("Could not authorize {} {} of user {}: {}", request.verb(), request.subresource(), user.name(), e.getMessage());
      call.close(Status.PERMISSION_DENIED.withDescription("Authorization error (user=" + user.name() + ", verb="
          + request.verb() + ", resource=nodes, subresource=" + request.subresource() + ")"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (!allowed) {
      call.close(Status.PERMISSION_DENIED.withDescription("Forbidden (user=" + user.name() + ", verb=" + request.verb()
          + ", resource=nodes, subresource=" + request.subresource() + ")"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
