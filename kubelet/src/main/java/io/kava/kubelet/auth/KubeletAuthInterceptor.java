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

  public KubeletAuthInterceptor(KubeletAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    KubeletUser user = KubeletUser.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
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
