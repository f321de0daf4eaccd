package io.kava.apiserver.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.kava.apiserver.errors.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authorizes every call in one place, after authentication: impersonation headers first (the caller
 * needs {@code impersonate} on the user and each group, then the call acts as that user), then the
 * call's first request message is mapped to {@link RequestAttributes} and put to the authorizer. The
 * handler is started only once the call is allowed, so a refused call reaches no handler and writes
 * nothing. Refusals are thrown as ApiErrors for the error mapping (PERMISSION_DENIED, upstream's text).
 */
public final class AuthorizationInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> IMPERSONATE_USER =
      Metadata.Key.of("impersonate-user", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> IMPERSONATE_GROUP =
      Metadata.Key.of("impersonate-group", Metadata.ASCII_STRING_MARSHALLER);
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private final Authorizer authorizer;

  public AuthorizationInterceptor(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Optional<UserInfo> impersonated = impersonate(RequestUser.current(), headers);
    ServerCallHandler<Q, R> deferred = (c, h) -> new DeferredStart<>(c, h, next);
    if (impersonated.isEmpty()) {
      return deferred.startCall(call, headers);
    }
    AuthRecord.impersonating(impersonated.get());
    return Contexts.interceptCall(Context.current().withValue(RequestUser.KEY, impersonated.get()), call, headers, deferred);
  }

  /** Upstream's impersonation filter: the user to act as, when the headers name one the caller may be. */
  Optional<UserInfo> impersonate(UserInfo caller, Metadata headers) {
    String name = headers.get(IMPERSONATE_USER);
    Iterable<String> groupHeaders = headers.getAll(IMPERSONATE_GROUP);
    if (name == null || name.isEmpty()) {
      if (groupHeaders != null) {
        throw ApiError.badRequest("requested impersonation of groups without impersonating a user");
      }
      return Optional.empty();
    }
    RequestAttributes userCheck;
    if (name.startsWith(SERVICE_ACCOUNT_PREFIX) && name.split(":").length == 4) {
      String[] parts = name.split(":");
      userCheck = new RequestAttributes(caller, "impersonate", "", "serviceaccounts", "", parts[2], parts[3]);
    } else {
      userCheck = new RequestAttributes(caller, "impersonate", "", "users", "", "", name);
    }
    check(userCheck);
    List<String> groups = new ArrayList<>();
    if (groupHeaders != null) {
      for (String header : groupHeaders) {
        for (String g : header.split(",")) {
          String group = g.strip();
          if (!group.isEmpty()) {
            check(new RequestAttributes(caller, "impersonate", "", "groups", "", "", group));
            groups.add(group);
          }
        }
      }
    }
    return Optional.of(new UserInfo(name, "", groups, Map.of()).authenticated());
  }

  void check(RequestAttributes attributes) {
    Authorizer.Decision d = authorizer.authorize(attributes);
    AuthRecord.decided(d);
    if (d.kind() != Authorizer.Decision.Kind.ALLOW) {
      throw Forbidden.error(attributes, d.reason());
    }
  }

  /** Holds the handler back until the first message is authorized, then starts it and hands the message on. */
  private final class DeferredStart<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final Metadata headers;
    private final ServerCallHandler<Q, R> next;
    private ServerCall.Listener<Q> delegate;
    private boolean halfClosed;

    DeferredStart(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      this.call = call;
      this.headers = headers;
      this.next = next;
      call.request(1);
    }

    @Override
    public void onMessage(Q message) {
      if (delegate == null) {
        RequestAttributesMapper.map(RequestUser.current(), call.getMethodDescriptor().getBareMethodName(), message)
            .ifPresent(AuthorizationInterceptor.this::check);
        delegate = next.startCall(call, headers);
        if (call.isReady()) {
          delegate.onReady();
        }
      }
      delegate.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (delegate == null) {
        halfClosed = true;
        throw ApiError.badRequest("the call sent no request");
      }
      delegate.onHalfClose();
    }

    @Override
    public void onCancel() {
      if (delegate != null) {
        delegate.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (delegate != null) {
        delegate.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (delegate != null && !halfClosed) {
        delegate.onReady();
      }
    }
  }
}
