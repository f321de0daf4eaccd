package io.kava.apiserver.auth.rbac;

import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.RequestAttributes;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Upstream's rbac.RBACAuthorizer: allows a request when a rule of a role bound to the user, one of its
 * groups or its ServiceAccount allows it; never denies (a later authorizer may still allow).
 */
public final class RbacAuthorizer implements Authorizer {
  private final RuleResolver resolver;

  public RbacAuthorizer(RuleResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public Decision authorize(RequestAttributes a) {
    AtomicReference<RuleResolver.Source> allowedBy = new AtomicReference<>();
    boolean allowed = resolver.visitRules(a.user(), a.namespace(), (source, rule) -> {
      if (RuleMatcher.allows(rule, a)) {
        allowedBy.set(source);
        return true;
      }
      return false;
    });
    return allowed ? Decision.allow("RBAC: allowed by " + allowedBy.get()) : Decision.noOpinion();
  }
}
