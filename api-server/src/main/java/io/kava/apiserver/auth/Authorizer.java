package io.kava.apiserver.auth;

/**
 * Decides whether a request may go on, as upstream's authorizer.Authorizer. Authorizers are asked in
 * order (--authorization-mode); the first that allows or denies decides, and a request no authorizer
 * allows is refused as PERMISSION_DENIED.
 */
@FunctionalInterface
public interface Authorizer {
  Decision authorize(RequestAttributes attributes);

  /** Every request allowed: the mode until RBAC is configured. */
  Authorizer ALWAYS_ALLOW = attributes -> Decision.allow("AlwaysAllow");

  /** An authorizer's answer and why (the why goes into the audit log and the refusal). */
  record Decision(Kind kind, String reason) {
    public enum Kind { ALLOW, DENY, NO_OPINION }

    public static Decision allow(String reason) {
      return new Decision(Kind.ALLOW, reason);
    }

    public static Decision deny(String reason) {
      return new Decision(Kind.DENY, reason);
    }

    public static Decision noOpinion() {
      return new Decision(Kind.NO_OPINION, "");
    }

    /** No opinion, saying why (upstream shows it after the refusal when no later authorizer allows). */
    public static Decision noOpinion(String reason) {
      return new Decision(Kind.NO_OPINION, reason);
    }
  }
}
