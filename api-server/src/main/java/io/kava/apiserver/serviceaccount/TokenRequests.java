package io.kava.apiserver.serviceaccount;

import io.grpc.Status;
import io.kava.api.authentication.v1.BoundObjectReference;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestSpec;
import io.kava.api.authentication.v1.TokenRequestStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.auth.RequestUser;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.registry.Registry;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The serviceaccounts/token subresource as upstream's TokenREST: defaults and checks the request, finds
 * the ServiceAccount and the bound pod, and signs a token naming both.
 */
public final class TokenRequests {
  public static final Kind TOKEN_REQUEST = new Kind("TokenRequest", "authentication.k8s.io", "v1", "tokenrequests",
      List.of(), true, TokenRequest.getDefaultInstance());
  public static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  public static final long MIN_EXPIRATION_SECONDS = 600;
  /** The admission's projected token asks for this, so the server knows it may extend it (upstream's value). */
  public static final long WARN_ONLY_EXPIRATION_SECONDS = 3607;
  private static final long MAX_EXPIRATION_SECONDS = 1L << 32;

  private final TokenIssuer issuer;
  private final BoundObjects objects;
  private final List<String> apiAudiences;
  private final Optional<Duration> extendedExpiration;
  private final Clock clock;
  private final Admission admission;

  /**
   * Admission of a token request (upstream runs the chain on serviceaccounts/token creates; NodeRestriction
   * keeps a kubelet to tokens bound to its own pods): throws an ApiError to refuse.
   */
  @FunctionalInterface
  public interface Admission {
    Admission NONE = (user, namespace, serviceAccount, ref, objects) -> { };

    /** @param ref the request's boundObjectRef as sent, or null */
    void admit(UserInfo user, String namespace, String serviceAccount, BoundObjectReference ref, BoundObjects objects);
  }

  public TokenRequests(TokenIssuer issuer, BoundObjects objects, List<String> apiAudiences,
      Optional<Duration> extendedExpiration, Clock clock) {
    this(issuer, objects, apiAudiences, extendedExpiration, clock, Admission.NONE);
  }

  private TokenRequests(TokenIssuer issuer, BoundObjects objects, List<String> apiAudiences,
      Optional<Duration> extendedExpiration, Clock clock, Admission admission) {
    this.issuer = issuer;
    this.objects = objects;
    this.apiAudiences = List.copyOf(apiAudiences);
    this.extendedExpiration = extendedExpiration;
    this.clock = clock;
    this.admission = admission;
  }

  /** The same requests, each admitted first (after the request's own validation, as upstream). */
  public TokenRequests withAdmission(Admission admission) {
    return new TokenRequests(issuer, objects, apiAudiences, extendedExpiration, clock, admission);
  }

  public TokenRequest create(String namespace, String name, TokenRequest request, boolean dryRun) {
    TokenRequestSpec spec = defaults(request.getSpec());
    validate(name, spec);
    admission.admit(RequestUser.current(), namespace, name, spec.hasBoundObjectRef() ? spec.getBoundObjectRef() : null, objects);
    ServiceAccount account = objects.serviceAccount(namespace, name)
        .orElseThrow(() -> ApiError.notFound(Kinds.SERVICE_ACCOUNT, name));
    Optional<ServiceAccountClaims.Ref> pod = Optional.empty();
    if (spec.hasBoundObjectRef()) {
      Pod bound = boundPod(namespace, name, spec.getBoundObjectRef());
      pod = Optional.of(new ServiceAccountClaims.Ref(bound.getMetadata().getName(), bound.getMetadata().getUid()));
      spec = spec.toBuilder().setBoundObjectRef(spec.getBoundObjectRef().toBuilder()
          .setApiVersion("v1").setUid(bound.getMetadata().getUid())).build();
    }
    TokenRequest.Builder out = TokenRequest.newBuilder().setApiVersion("authentication.k8s.io/v1").setKind("TokenRequest")
        .setMetadata(ObjectMeta.newBuilder().setName(name).setNamespace(namespace)
            .setCreationTimestamp(Registry.timestamp(clock.instant())))
        .setSpec(spec);
    if (dryRun) {
      return out.build();
    }
    ServiceAccountClaims claims = new ServiceAccountClaims(namespace, name, account.getMetadata().getUid(), pod);
    Duration lifetime = Duration.ofSeconds(spec.getExpirationSeconds());
    // Upstream extends the admission's projected tokens for the API server's own audiences, so clients that
    // do not reread the file keep working; warnafter in the claims says when the real lifetime ended.
    boolean extend = pod.isPresent() && spec.getExpirationSeconds() == WARN_ONLY_EXPIRATION_SECONDS
        && apiAudiences.containsAll(spec.getAudiencesList());
    IssuedToken token = issuer.issue(claims, spec.getAudiencesList(), lifetime,
        extend ? extendedExpiration : Optional.empty());
    return out.setStatus(TokenRequestStatus.newBuilder().setToken(token.token())
        .setExpirationTimestamp(Registry.timestamp(token.expiration()))).build();
  }

  private TokenRequestSpec defaults(TokenRequestSpec spec) {
    TokenRequestSpec.Builder b = spec.toBuilder();
    if (!spec.hasExpirationSeconds()) {
      b.setExpirationSeconds(DEFAULT_EXPIRATION_SECONDS);
    }
    if (spec.getAudiencesCount() == 0) {
      b.addAllAudiences(apiAudiences);
    }
    return b.build();
  }

  private static void validate(String name, TokenRequestSpec spec) {
    long seconds = spec.getExpirationSeconds();
    if (seconds < MIN_EXPIRATION_SECONDS) {
      throw ApiError.invalid(TOKEN_REQUEST, name, List.of(FieldError.invalid("spec.expirationSeconds", seconds,
          "may not specify a duration less than 10 minutes")));
    }
    if (seconds > MAX_EXPIRATION_SECONDS) {
      throw ApiError.invalid(TOKEN_REQUEST, name, List.of(FieldError.invalid("spec.expirationSeconds", seconds,
          "may not specify a duration larger than 2^32 seconds")));
    }
    if (spec.hasBoundObjectRef() && spec.getBoundObjectRef().getName().isEmpty()) {
      throw ApiError.invalid(TOKEN_REQUEST, name, List.of(FieldError.required("spec.boundObjectRef.name", "")));
    }
  }

  private Pod boundPod(String namespace, String account, BoundObjectReference ref) {
    if (!ref.getKind().equals("Pod")) {
      throw ApiError.badRequest("cannot bind token for object of kind " + ref.getKind()
          + (ref.getKind().equals("Secret") || ref.getKind().equals("Node") ? " (only Pod is supported yet)" : ""));
    }
    Pod pod = objects.pod(namespace, ref.getName()).orElseThrow(() -> ApiError.notFound(Kinds.POD, ref.getName()));
    if (!ref.getUid().isEmpty() && !ref.getUid().equals(pod.getMetadata().getUid())) {
      throw ApiError.conflict(Kinds.POD, ref.getName(), "the UID in the bound object reference (" + ref.getUid()
          + ") does not match the UID in record. The object might have been deleted and then recreated");
    }
    if (!pod.getSpec().getServiceAccountName().equals(account)) {
      throw ApiError.badRequest("cannot bind token for serviceaccount \"" + account + "\" to pod \"" + ref.getName()
          + "\" that uses serviceaccount \"" + pod.getSpec().getServiceAccountName() + "\"");
    }
    return pod;
  }

  /** For an API server without a signing key. */
  public static ApiError notConfigured() {
    return new ApiError(Status.Code.UNIMPLEMENTED, "NotFound",
        "ServiceAccount tokens are off: the API server has no --service-account-signing-key-file", List.of(), "", "");
  }
}
