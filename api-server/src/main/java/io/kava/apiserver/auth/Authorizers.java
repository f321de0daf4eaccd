package io.kava.apiserver.auth;

import java.util.List;

/** Upstream's union authorizer and the simple modes of --authorization-mode. */
public final class Authorizers {
  public static final Authorizer ALWAYS_DENY = attributes -> Authorizer.Decision.deny("AlwaysDeny");

  private Authorizers() {}

  /** Asks each in order; the first that allows or denies decides; NO_OPINION when none does. */
  public static Authorizer union(List<Authorizer> authorizers) {
    List<Authorizer> all = List.copyOf(authorizers);
    return attributes -> {
      for (Authorizer a : all) {
        Authorizer.Decision d = a.authorize(attributes);
        if (d.kind() != Authorizer.Decision.Kind.NO_OPINION) {
          return d;
        }
      }
      return Authorizer.Decision.noOpinion();
    };
  }

  public static boolean allowed(Authorizer authorizer, RequestAttributes attributes) {
    return authorizer.authorize(attributes).kind() == Authorizer.Decision.Kind.ALLOW;
  }
}
