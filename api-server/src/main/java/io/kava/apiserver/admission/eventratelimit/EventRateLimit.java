package io.kava.apiserver.admission.eventratelimit;

import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.ValidatingAdmission;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Upstream's EventRateLimit admission (plugin/pkg/admission/eventratelimit): creates and updates of
 * Events (core/v1; Kava has no events.k8s.io) take a token from each configured limit's bucket; when
 * any bucket is empty the write is refused with TooManyRequests (gRPC RESOURCE_EXHAUSTED, HTTP 429
 * upstream), naming every limit reached. Every limit is asked, as upstream, so one refusal still spends
 * the tokens of the other limits. Dry runs are not limited: they store nothing.
 */
public final class EventRateLimit implements ValidatingAdmission {
  private final List<LimitEnforcer> enforcers;

  public EventRateLimit(EventRateLimitConfig config, LongSupplier nanoTime) {
    this.enforcers = config.limits().stream().map(limit -> new LimitEnforcer(limit, nanoTime)).toList();
  }

  @Override
  public void validate(Attributes attributes) {
    if (attributes.kind() != Kinds.EVENT || attributes.dryRun()
        || (attributes.operation() != Operation.CREATE && attributes.operation() != Operation.UPDATE)) {
      return;
    }
    List<String> refusals = new ArrayList<>();
    for (LimitEnforcer enforcer : enforcers) {
      enforcer.accept(attributes).ifPresent(refusals::add);
    }
    if (!refusals.isEmpty()) {
      // utilerrors.NewAggregate's format: one message bare, more in brackets.
      throw ApiError.tooManyRequests(refusals.size() == 1 ? refusals.get(0) : "[" + String.join(", ", refusals) + "]");
    }
  }
}
