package io.kava.apiserver.auth;

import io.grpc.Context;
import java.util.Optional;

/**
 * What authentication and authorization found out about one call, kept for whoever sits outside them
 * (the audit log: it wraps the whole call, so it cannot read the user they put in the inner context).
 * Whoever wants it attaches one to the call's context; without one, nothing is recorded.
 */
public final class AuthRecord {
  private static final Context.Key<AuthRecord> KEY = Context.key("kava-auth-record");

  private volatile UserInfo user;
  private volatile UserInfo impersonated;
  private volatile Authorizer.Decision decision;

  /** The context with this record attached: the interceptors inside it fill the record in. */
  public Context attachTo(Context context) {
    return context.withValue(KEY, this);
  }

  static Optional<AuthRecord> current() {
    return Optional.ofNullable(KEY.get());
  }

  /** The authenticated caller; empty when authentication refused the call. */
  public Optional<UserInfo> user() {
    return Optional.ofNullable(user);
  }

  /** The user the caller acts as (impersonate-user headers); empty without impersonation. */
  public Optional<UserInfo> impersonated() {
    return Optional.ofNullable(impersonated);
  }

  /** The authorizers' last answer about the call; empty when it was not authorized (Version) or refused first. */
  public Optional<Authorizer.Decision> decision() {
    return Optional.ofNullable(decision);
  }

  static void authenticated(UserInfo user) {
    current().ifPresent(r -> r.user = user);
  }

  static void impersonating(UserInfo user) {
    current().ifPresent(r -> r.impersonated = user);
  }

  static void decided(Authorizer.Decision decision) {
    current().ifPresent(r -> r.decision = decision);
  }
}
