package io.kava.apiserver.auth;

import java.util.ArrayList;
import java.util.List;

/** Upstream's union authorizer and the simple modes of --authorization-mode. */
public final class Authorizers {
  public static final Authorizer ALWAYS_DENY = attributes -> Authorizer.Decision.deny("AlwaysDeny");

  /**
   * system:masters is allowed everything before any mode is asked, as upstream's privileged-groups
   * authorizer: the cluster's own administrator keeps access while RBAC's objects are missing (an
   * emptied etcd before the bootstrap policy is back) or wrong.
   */
  public static final Authorizer PRIVILEGED_GROUPS = attributes ->
      attributes.user().isPrivileged()
          ? Authorizer.Decision.allow("member of " + UserInfo.MASTERS_GROUP)
          : Authorizer.Decision.noOpinion();

  private Authorizers() {}

  /**
   * Asks each in order; the first that allows or denies decides; NO_OPINION when none does, with the
   * reasons they gave joined by newlines (upstream's unionAuthzHandler).
   */
  public static Authorizer union(List<Authorizer> authorizers) {
    List<Authorizer> all = List.copyOf(authorizers);
    return attributes -> {
      List<String> reasons = new ArrayList<>();
      for (Authorizer a : all) {
        Authorizer.Decision d = a.authorize(attributes);
        if (d.kind() != Authorizer.Decision.Kind.NO_OPINION) {
          return d;
        }
        if (!d.reason().isEmpty()) {
          reasons.add(d.reason());
        }
      }
      return Authorizer.Decision.noOpinion(String.join("\n", reasons));
    };
  }

  public static boolean allowed(Authorizer authorizer, RequestAttributes attributes) {
    return authorizer.authorize(attributes).kind() == Authorizer.Decision.Kind.ALLOW;
  }
}
