package io.kava.kubelet.auth;

import io.kava.api.authorization.v1.ResourceAttributes;
import io.kava.api.authorization.v1.SubjectAccessReview;
import io.kava.api.authorization.v1.SubjectAccessReviewSpec;
import io.kava.client.AccessReviewClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Upstream's kubelet --authorization-mode=Webhook: a SubjectAccessReview to the API server for the
 * caller on resource nodes (this node's name) and the request's subresource, its answer cached as
 * upstream's --authorization-webhook-cache-authorized-ttl (5m) and -unauthorized-ttl (30s) do.
 */
public final class WebhookAuthorizer implements KubeletAuthorizer {
  private final String nodeName;
  private final Function<SubjectAccessReview, SubjectAccessReview> reviews;
  private final Duration allowedTtl;
  private final Duration deniedTtl;
  private final Clock clock;
  private final Map<Key, Answer> cache = new ConcurrentHashMap<>();

  private record Key(KubeletUser user, KubeletRequest request) {}

  private record Answer(boolean allowed, Instant until) {}

  public WebhookAuthorizer(String nodeName, Function<SubjectAccessReview, SubjectAccessReview> reviews,
      Duration allowedTtl, Duration deniedTtl, Clock clock) {
    this.nodeName = nodeName;
    this.reviews = reviews;
    this.allowedTtl = allowedTtl;
    this.deniedTtl = deniedTtl;
    this.clock = clock;
  }

  public static WebhookAuthorizer of(String nodeName, AccessReviewClient client, Duration allowedTtl, Duration deniedTtl) {
    return new WebhookAuthorizer(nodeName, client::create, allowedTtl, deniedTtl, Clock.systemUTC());
  }

  @Override
  public boolean allowed(KubeletUser user, KubeletRequest request) {
    Key key = new Key(user, request);
    Instant now = clock.instant();
    Answer cached = cache.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.allowed();
    }
    boolean allowed = reviews.apply(review(user, request)).getStatus().getAllowed();
    cache.put(key, new Answer(allowed, now.plus(allowed ? allowedTtl : deniedTtl)));
    return allowed;
  }

  SubjectAccessReview review(KubeletUser user, KubeletRequest request) {
    return SubjectAccessReview.newBuilder().setApiVersion("authorization.k8s.io/v1").setKind("SubjectAccessReview")
        .setSpec(SubjectAccessReviewSpec.newBuilder().setUser(user.name()).addAllGroups(user.groups())
            .setResourceAttributes(ResourceAttributes.newBuilder().setVerb(request.verb()).setVersion("v1")
                .setResource("nodes").setSubresource(request.subresource()).setName(nodeName)))
        .build();
  }
}
