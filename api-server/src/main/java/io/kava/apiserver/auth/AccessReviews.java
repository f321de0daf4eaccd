package io.kava.apiserver.auth;

import io.kava.api.authorization.v1.ResourceAttributes;
import io.kava.api.authorization.v1.ResourceRule;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.authorization.v1.SelfSubjectRulesReview;
import io.kava.api.authorization.v1.SubjectAccessReview;
import io.kava.api.authorization.v1.SubjectAccessReviewStatus;
import io.kava.api.authorization.v1.SubjectRulesReviewStatus;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.apiserver.auth.rbac.RuleResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * authorization.k8s.io/v1 answered by the server's authorizers (kavactl auth can-i): nothing is stored,
 * the review comes back with its status filled in.
 */
public final class AccessReviews {
  private final Authorizer authorizer;
  private final Optional<RuleResolver> rules;

  private boolean nonResourceAlwaysAllowed;

  public AccessReviews(Authorizer authorizer, Optional<RuleResolver> rules) {
    this.authorizer = authorizer;
    this.rules = rules;
  }

  /** Whether AlwaysAllow is among the authorization modes, which then allows every non-resource URL. */
  public AccessReviews withNonResourceUrlsAllowed(boolean allowed) {
    this.nonResourceAlwaysAllowed = allowed;
    return this;
  }

  public SelfSubjectAccessReview review(SelfSubjectAccessReview review) {
    var spec = review.getSpec();
    UserInfo user = RequestUser.current();
    return review.toBuilder().setStatus(spec.hasNonResourceAttributes() ? decide(user, spec.getNonResourceAttributes())
        : decide(user, spec.getResourceAttributes())).build();
  }

  public SubjectAccessReview review(SubjectAccessReview review) {
    var spec = review.getSpec();
    UserInfo user = new UserInfo(spec.getUser(), spec.getUid(), spec.getGroupsList(), Map.of());
    return review.toBuilder().setStatus(spec.hasNonResourceAttributes() ? decide(user, spec.getNonResourceAttributes())
        : decide(user, spec.getResourceAttributes())).build();
  }

  /**
   * A non-resource URL: the gRPC API has no paths, so RequestAttributes cannot carry one; the URL is
   * matched against the user's cluster-wide RBAC rules as upstream's NonResourceURLMatches does.
   */
  private SubjectAccessReviewStatus decide(UserInfo user, io.kava.api.authorization.v1.NonResourceAttributes a) {
    boolean allowed = nonResourceAlwaysAllowed || rules.map(r -> r.rulesFor(user, "").stream()
        .anyMatch(rule -> allowsUrl(rule, a.getVerb(), a.getPath()))).orElse(false);
    return SubjectAccessReviewStatus.newBuilder().setAllowed(allowed).build();
  }

  static boolean allowsUrl(PolicyRule rule, String verb, String path) {
    boolean verbMatches = rule.getVerbsList().contains("*") || rule.getVerbsList().contains(verb);
    return verbMatches && rule.getNonResourceUrlsList().stream().anyMatch(spec -> spec.equals("*") || spec.equals(path)
        || spec.endsWith("*") && path.startsWith(spec.substring(0, spec.length() - 1)));
  }

  /** The RBAC rules the caller holds in the namespace; incomplete when RBAC is not the authorizer. */
  public SelfSubjectRulesReview review(SelfSubjectRulesReview review) {
    SubjectRulesReviewStatus.Builder status = SubjectRulesReviewStatus.newBuilder();
    if (rules.isEmpty()) {
      status.setIncomplete(true).setEvaluationError("the RBAC authorizer is not enabled");
    } else {
      for (PolicyRule r : rules.get().rulesFor(RequestUser.current(), review.getSpec().getNamespace())) {
        if (r.getNonResourceUrlsCount() == 0) {
          status.addResourceRules(ResourceRule.newBuilder().addAllVerbs(r.getVerbsList()).addAllApiGroups(r.getApiGroupsList())
              .addAllResources(r.getResourcesList()).addAllResourceNames(r.getResourceNamesList()));
        } else {
          status.addNonResourceRules(io.kava.api.authorization.v1.NonResourceRule.newBuilder().addAllVerbs(r.getVerbsList())
              .addAllNonResourceUrls(r.getNonResourceUrlsList()));
        }
      }
    }
    return review.toBuilder().setStatus(status).build();
  }

  private SubjectAccessReviewStatus decide(UserInfo user, ResourceAttributes r) {
    RequestAttributes attributes = new RequestAttributes(user, r.getVerb(), r.getGroup(), r.getResource(),
        r.getSubresource(), r.getNamespace(), r.getName());
    Authorizer.Decision d = authorizer.authorize(attributes);
    return SubjectAccessReviewStatus.newBuilder().setAllowed(d.kind() == Authorizer.Decision.Kind.ALLOW)
        .setDenied(d.kind() == Authorizer.Decision.Kind.DENY).setReason(d.reason()).build();
  }

  /** The caller as the server authenticated it (kavactl auth whoami). */
  public static io.kava.api.authentication.v1.SelfSubjectReview whoAmI(io.kava.api.authentication.v1.SelfSubjectReview review) {
    UserInfo user = RequestUser.current();
    var info = io.kava.api.authentication.v1.UserInfo.newBuilder().setUsername(user.name()).setUid(user.uid())
        .addAllGroups(user.groups());
    user.extra().forEach((k, v) -> info.putExtra(k, io.kava.api.authentication.v1.ExtraValue.newBuilder().addAllItems(v).build()));
    return review.toBuilder().setApiVersion("authentication.k8s.io/v1").setKind("SelfSubjectReview")
        .setStatus(io.kava.api.authentication.v1.SelfSubjectReviewStatus.newBuilder().setUserInfo(info)).build();
  }

  public static AccessReviews alwaysAllow() {
    return new AccessReviews(Authorizer.ALWAYS_ALLOW, Optional.empty()).withNonResourceUrlsAllowed(true);
  }

}
