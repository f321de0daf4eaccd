package io.kava.controllermanager.ttlafterfinished;

import io.kava.api.batch.v1.Job;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.Times;
import io.kava.controllermanager.job.JobConditions;
import io.kava.controllermanager.util.ExpiryDeleter;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Deletes a finished Job {@code ttlSecondsAfterFinished} after it finished, its pods with it
 * (background propagation: the garbage collector removes them), as upstream's ttlafterfinished controller.
 */
public final class TtlAfterFinishedController extends ExpiryDeleter<Job> {
  public static final String NAME = "ttl-after-finished";

  public TtlAfterFinishedController(KavaClient client, Clock clock) {
    super(NAME, Job.class, client, clock);
  }

  @Override
  protected boolean expires(Job job) {
    return job.getSpec().hasTtlSecondsAfterFinished() && job.getMetadata().getDeletionTimestamp().isEmpty()
        && finishedAt(job).isPresent();
  }

  @Override
  protected Instant dueAt(Job job) {
    return finishedAt(job).orElseThrow().plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
  }

  /** The cache may lag (a TTL changed, the Job restarted): the Job as stored decides, as upstream's does. */
  @Override
  protected Optional<Job> confirm(Job cached) {
    try {
      return Optional.of(objects.get(cached.getMetadata().getNamespace(), cached.getMetadata().getName()));
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** When Complete or Failed became True. */
  static Optional<Instant> finishedAt(Job job) {
    return JobConditions.finishedCondition(job).map(c -> Times.parse(c.getLastTransitionTime()));
  }
}
