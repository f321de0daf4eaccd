package io.kava.apiserver.auth;

import io.grpc.Context;

/** The authenticated user of the current gRPC call, set by {@link AuthenticationInterceptor}. */
public final class RequestUser {
  static final Context.Key<UserInfo> KEY = Context.key("kava-user");

  private RequestUser() {}

  /** The caller of the current call; anonymous outside a call (in-process wiring, bootstrap). */
  public static UserInfo current() {
    UserInfo user = KEY.get();
    return user == null ? UserInfo.anonymous() : user;
  }

  /** The caller of the current gRPC call; empty outside a call (the server's own writes). */
  public static java.util.Optional<UserInfo> caller() {
    return java.util.Optional.ofNullable(KEY.get());
  }
}
