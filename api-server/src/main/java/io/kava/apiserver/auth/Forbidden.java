package io.kava.apiserver.auth;

import io.grpc.Status;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.Kinds;
import java.util.List;

/** Upstream's refusal of an unauthorized request (forbiddenMessage and NewForbidden), as PERMISSION_DENIED. */
public final class Forbidden {
  private Forbidden() {}

  /** {@code User "x" cannot list resource "secrets" in API group "" in the namespace "y"}. */
  public static String message(RequestAttributes a) {
    String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
    String where = a.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
    return "User \"" + a.user().name() + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \""
        + a.apiGroup() + "\" " + where;
  }

  /** {@code secrets "s" is forbidden: User ...}, with the authorizer's reason after a colon when it gave one. */
  public static ApiError error(RequestAttributes a, String reason) {
    String qualified = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
    if (!a.subresource().isEmpty()) {
      qualified = a.apiGroup().isEmpty() ? a.resource() + "/" + a.subresource() : a.resource() + "." + a.apiGroup() + "/" + a.subresource();
    }
    String subject = a.name().isEmpty() ? qualified : qualified + " \"" + a.name() + "\"";
    String message = subject + " is forbidden: " + message(a) + (reason.isEmpty() ? "" : ": " + reason);
    String kind = Kinds.byResource(a.resource()).map(k -> k.kind()).orElse("");
    return new ApiError(Status.Code.PERMISSION_DENIED, "Forbidden", message, List.of(), kind, a.name());
  }
}
