package io.kava.client;

import io.grpc.StatusRuntimeException;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.authorization.v1.SelfSubjectRulesReview;
import io.kava.api.authorization.v1.SubjectAccessReview;

/** authorization.k8s.io/v1 reviews: what the caller (or a named user) may do (kavactl auth can-i). */
public final class AccessReviewClient {
  private final KavaClient client;

  public AccessReviewClient(KavaClient client) {
    this.client = client;
  }

  public SelfSubjectAccessReview create(SelfSubjectAccessReview review) {
    return call(() -> client.blocking().createSelfSubjectAccessReview(review));
  }

  public SubjectAccessReview create(SubjectAccessReview review) {
    return call(() -> client.blocking().createSubjectAccessReview(review));
  }

  public SelfSubjectRulesReview create(SelfSubjectRulesReview review) {
    return call(() -> client.blocking().createSelfSubjectRulesReview(review));
  }

  private static <R> R call(java.util.function.Supplier<R> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }
}
