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
    try {
      return client.blocking().createSelfSubjectAccessReview(review);
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }

  public SubjectAccessReview create(SubjectAccessReview review) {
    try {
      return client.blocking().createSubjectAccessReview(review);
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }

  public SelfSubjectRulesReview create(SelfSubjectRulesReview review) {
    try {
      return client.blocking().createSelfSubjectRulesReview(review);
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }
}
