package io.kava.controllermanager.ttlafterfinished;

import io.kava.api.batch.v1.Job;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.job.JobConditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a finished Job {@code ttlSecondsAfterFinished} after it finished, its pods with it
 * (background propagation: the garbage collector removes them), as upstream's ttlafterfinished controller.
 */
public final class TtlAfterFinishedController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(TtlAfterFinishedController.class);
  public static final String NAME = "ttl-after-finished";

  private final ResourceClient<Job> jobClient;
  private final Clock clock;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Job> jobs;

  public TtlAfterFinishedController(KavaClient client, Clock clock) {
    this.jobClient = client.resource(Job.class);
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var informer = informers.informer(Job.class);
    jobs = informer.lister();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        enqueueIfNeeded(job);
      }

      @Override
      public void onUpdate(Job old, Job job) {
        enqueueIfNeeded(job);
      }

      @Override
      public void onDelete(Job job) {}
    });
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }

  private void enqueueIfNeeded(Job job) {
    if (needsCleanup(job)) {
      queue.add(ApiObjects.key(job));
    }
  }

  static boolean needsCleanup(Job job) {
    return job.getSpec().hasTtlSecondsAfterFinished() && job.getMetadata().getDeletionTimestamp().isEmpty()
        && finishedAt(job).isPresent();
  }

  /** When Complete or Failed became True. */
  static Optional<Instant> finishedAt(Job job) {
    return JobConditions.finishedCondition(job).map(c -> Times.parse(c.getLastTransitionTime()));
  }

  public void sync(String key) {
    Optional<Job> cached = jobs.get(key);
    if (cached.isEmpty() || !needsCleanup(cached.get())) {
      return;
    }
    if (!expired(key, cached.get())) {
      return;
    }
    // The cache may lag: look at the Job as stored before deleting it (upstream does the same).
    Job fresh;
    try {
      fresh = jobClient.get(cached.get().getMetadata().getNamespace(), cached.get().getMetadata().getName());
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return;
      }
      throw e;
    }
    if (!needsCleanup(fresh) || !expired(key, fresh)) {
      return;
    }
    try {
      jobClient.delete(fresh.getMetadata().getNamespace(), fresh.getMetadata().getName(),
          new DeleteOptions(null, "Background", fresh.getMetadata().getUid()));
      log.info("Deleted Job {} {}s after it finished", key, fresh.getSpec().getTtlSecondsAfterFinished());
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  /** Whether the TTL has run out; if not, looks again when it will have. */
  private boolean expired(String key, Job job) {
    Instant expireAt = finishedAt(job).get().plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
    Duration left = Duration.between(clock.instant(), expireAt);
    if (left.isNegative() || left.isZero()) {
      return true;
    }
    queue.addAfter(key, left);
    return false;
  }
}
