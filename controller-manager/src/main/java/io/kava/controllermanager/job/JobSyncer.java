package io.kava.controllermanager.job;

import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobCondition;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.batch.v1.JobStatus;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.client.selector.Selector;
import io.kava.client.workqueue.WorkQueue;
import io.kava.controllermanager.util.ActivePods;
import io.kava.controllermanager.util.ControllerExpectations;
import io.kava.controllermanager.util.ControllerRefManager;
import io.kava.controllermanager.util.Pods;
import io.kava.controllermanager.util.Selectors;
import io.kava.controllermanager.util.SlowStart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Job's sync (upstream syncJob): claim its pods, count what finished, decide whether the Job has
 * failed (backoff limit, deadline, pod failure policy) or completed, otherwise create or delete pods
 * towards min(parallelism, what remains), waiting out the failure backoff; then write status if it
 * changed. Counts come from the pods the Job still has (no job-tracking finalizer yet).
 */
final class JobSyncer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobSyncer.class);
  /** Upstream MaxPodCreateDeletePerSync. */
  static final int MAX_POD_CREATE_DELETE_PER_SYNC = 500;
  private static final int WRITE_THREADS = 16;

  private final ResourceClient<Job> jobClient;
  private final ResourceClient<Pod> podClient;
  private final Lister<Job> jobs;
  private final Lister<Pod> pods;
  private final ControllerExpectations expectations;
  private final EventRecorder recorder;
  private final Clock clock;
  private final WorkQueue queue;
  private final JobConfig config;
  private final ExecutorService writers;

  JobSyncer(KavaClient client, Lister<Job> jobs, Lister<Pod> pods, ControllerExpectations expectations,
      EventRecorder recorder, Clock clock, WorkQueue queue, JobConfig config) {
    this.jobClient = client.resource(Job.class);
    this.podClient = client.resource(Pod.class);
    this.jobs = jobs;
    this.pods = pods;
    this.expectations = expectations;
    this.recorder = recorder;
    this.clock = clock;
    this.queue = queue;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.writers = Executors.newFixedThreadPool(WRITE_THREADS, r -> {
      Thread t = new Thread(r, "job-writer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** What the pods of one Job show at the start of a sync. */
  private record Counts(List<Pod> active, int succeeded, int failed, int ready, int terminating,
      SortedSet<Integer> succeededIndexes, Optional<String> failJobMessage, Instant lastFailure,
      int failuresSinceSuccess, int restarts) {}

  void sync(String key) throws InterruptedException {
    Optional<Job> cached = jobs.get(key);
    if (cached.isEmpty()) {
      expectations.delete(key);
      return;
    }
    Job job = cached.get();
    if (JobConditions.isFinished(job)) {
      return;
    }
    Selector selector;
    try {
      selector = Selectors.of(job.getSpec().getSelector());
    } catch (IllegalArgumentException e) {
      log.warn("Ignored Job {}: spec.selector: {}", key, e.getMessage());
      return;
    }
    boolean needsSync = expectations.satisfied(key);
    String namespace = job.getMetadata().getNamespace();
    List<Pod> owned = new ControllerRefManager<>(podClient, job,
        pod -> selector.matches(pod.getMetadata().getLabelsMap()),
        () -> jobClient.get(namespace, job.getMetadata().getName())).claim(pods.list(namespace));
    Counts counts = count(job, owned);
    Instant now = clock.instant();
    String nowText = Times.format(now);
    JobSpec spec = job.getSpec();
    boolean suspended = spec.getSuspend();

    JobStatus.Builder status = job.getStatus().toBuilder();
    if (status.getStartTime().isEmpty() && !suspended) {
      status.setStartTime(nowText);
    }
    int active = counts.active().size();
    RuntimeException manageError = null;
    JobCondition failure = failure(job, counts, status.getStartTime(), now, nowText);
    boolean failingAlready = JobConditions.isTrue(job.getStatus(), JobConditions.FAILURE_TARGET);
    if (failure == null && failingAlready) {
      failure = JobConditions.find(job.getStatus(), JobConditions.FAILURE_TARGET).get();
    }
    if (failure != null) {
      // Upstream: FailureTarget first, the active pods go, then Failed once none is left running.
      JobConditions.ensure(status, JobConditions.condition(JobConditions.FAILURE_TARGET, "True", failure.getReason(),
          failure.getMessage(), nowText));
      boolean podsLeft = active > 0 || counts.terminating() > 0;
      if (active > 0) {
        manageError = deletePods(key, job, counts.active(), active);
        active = 0;
      }
      if (!podsLeft) {
        JobConditions.ensure(status, JobConditions.condition(JobConditions.FAILED, "True", failure.getReason(),
            failure.getMessage(), nowText));
        if (!failingAlready) {
          recorder.warning(job, failure.getReason(), failure.getMessage());
        }
      }
    } else {
      if (needsSync && job.getMetadata().getDeletionTimestamp().isEmpty()) {
        ManageResult managed = manage(key, job, counts, now);
        active = managed.active();
        manageError = managed.error();
      }
      if (isComplete(job, counts, active)) {
        JobConditions.ensure(status, JobConditions.condition(JobConditions.SUCCESS_CRITERIA_MET, "True",
            "CompletionsReached", "Reached expected number of succeeded pods", nowText));
        JobConditions.ensure(status, JobConditions.condition(JobConditions.COMPLETE, "True", "CompletionsReached",
            "Reached expected number of succeeded pods", nowText));
        status.setCompletionTime(nowText);
        recorder.normal(job, "Completed", "Job completed");
      } else if (suspended != JobConditions.isTrue(job.getStatus(), JobConditions.SUSPENDED)) {
        if (suspended) {
          JobConditions.ensure(status, JobConditions.condition(JobConditions.SUSPENDED, "True", "JobSuspended",
              "Job suspended", nowText));
          recorder.normal(job, "Suspended", "Job suspended");
        } else {
          JobConditions.ensure(status, JobConditions.condition(JobConditions.SUSPENDED, "False", "JobResumed",
              "Job resumed", nowText));
          // Upstream: a resumed Job's activeDeadlineSeconds counts from the resume.
          status.setStartTime(nowText);
          recorder.normal(job, "Resumed", "Job resumed");
        }
      }
      scheduleDeadline(key, job, status.getStartTime(), now, suspended);
    }

    status.setActive(active).setSucceeded(counts.succeeded()).setFailed(counts.failed()).setReady(counts.ready())
        .setTerminating(counts.terminating());
    if (JobPods.isIndexed(job)) {
      status.setCompletedIndexes(CompletedIndexes.format(counts.succeededIndexes()));
    }
    JobStatus written = status.build();
    if (!written.equals(job.getStatus())) {
      jobClient.updateStatus(job.toBuilder().setStatus(written).build());
    }
    if (manageError != null) {
      throw manageError;
    }
  }

  private Counts count(Job job, List<Pod> owned) {
    List<Pod> active = new ArrayList<>();
    int succeeded = 0;
    int failed = 0;
    int ready = 0;
    int terminating = 0;
    int restarts = 0;
    SortedSet<Integer> indexes = new TreeSet<>();
    Optional<String> failJob = Optional.empty();
    Instant lastSuccess = null;
    List<Instant> failures = new ArrayList<>();
    boolean indexed = JobPods.isIndexed(job);
    int completions = job.getSpec().hasCompletions() ? job.getSpec().getCompletions() : Integer.MAX_VALUE;
    for (Pod pod : owned) {
      if (JobPods.succeeded(pod)) {
        OptionalInt index = JobPods.index(pod, completions);
        if (!indexed || (index.isPresent() && indexes.add(index.getAsInt()))) {
          succeeded++;
        }
        Instant at = JobPods.finishedAt(pod);
        if (at != null && (lastSuccess == null || at.isAfter(lastSuccess))) {
          lastSuccess = at;
        }
      } else if (JobPods.failed(pod)) {
        PodFailurePolicies.Decision d = PodFailurePolicies.decide(job, pod);
        if (d.action().equals(PodFailurePolicies.IGNORE)) {
          continue;
        }
        if (d.action().equals(PodFailurePolicies.FAIL_JOB) && failJob.isEmpty()) {
          failJob = Optional.of(d.message());
        }
        failed++;
        failures.add(JobPods.finishedAt(pod));
      } else if (Pods.isTerminating(pod)) {
        terminating++;
      } else {
        active.add(pod);
        restarts += JobPods.restarts(pod);
        if (Pods.isReady(pod)) {
          ready++;
        }
      }
    }
    Instant since = lastSuccess;
    List<Instant> recent = failures.stream().filter(t -> t != null && (since == null || t.isAfter(since))).toList();
    Instant lastFailure = recent.stream().max(Instant::compareTo).orElse(null);
    // The API server may keep counts the pods no longer show (pods deleted by hand or by PodGC).
    succeeded = Math.max(succeeded, indexed ? 0 : job.getStatus().getSucceeded());
    failed = Math.max(failed, job.getStatus().getFailed());
    return new Counts(active, succeeded, failed, ready, terminating, indexes, failJob, lastFailure, recent.size(),
        restarts);
  }

  /** Why the Job fails now, if it does (upstream: pod failure policy, backoff limit, deadline, in this order). */
  private JobCondition failure(Job job, Counts counts, String startTime, Instant now, String nowText) {
    JobSpec spec = job.getSpec();
    if (counts.failJobMessage().isPresent()) {
      return JobConditions.condition(JobConditions.FAILED, "True", "PodFailurePolicy", counts.failJobMessage().get(),
          nowText);
    }
    int limit = spec.getBackoffLimit();
    boolean onFailure = "OnFailure".equals(spec.getTemplate().getSpec().getRestartPolicy());
    boolean pastOnFailure = onFailure && (limit == 0 ? counts.restarts() > 0 : counts.restarts() >= limit);
    if (counts.failed() > limit || pastOnFailure) {
      return JobConditions.condition(JobConditions.FAILED, "True", "BackoffLimitExceeded",
          "Job has reached the specified backoff limit", nowText);
    }
    if (pastActiveDeadline(job, startTime, now)) {
      return JobConditions.condition(JobConditions.FAILED, "True", "DeadlineExceeded",
          "Job was active longer than specified deadline", nowText);
    }
    return null;
  }

  private static boolean pastActiveDeadline(Job job, String startTime, Instant now) {
    Instant start = Times.parse(startTime);
    if (!job.getSpec().hasActiveDeadlineSeconds() || start == null || job.getSpec().getSuspend()) {
      return false;
    }
    return !now.isBefore(start.plusSeconds(job.getSpec().getActiveDeadlineSeconds()));
  }

  private void scheduleDeadline(String key, Job job, String startTime, Instant now, boolean suspended) {
    Instant start = Times.parse(startTime);
    if (job.getSpec().hasActiveDeadlineSeconds() && start != null && !suspended) {
      Duration left = Duration.between(now, start.plusSeconds(job.getSpec().getActiveDeadlineSeconds()));
      queue.addAfter(key, left.isNegative() ? Duration.ZERO : left);
    }
  }

  private static boolean isComplete(Job job, Counts counts, int active) {
    JobSpec spec = job.getSpec();
    if (spec.getSuspend() && active > 0) {
      return false;
    }
    if (!spec.hasCompletions()) {
      // Work queue pattern: done once one pod succeeded and the rest have stopped.
      return counts.succeeded() > 0 && active == 0;
    }
    int done = JobPods.isIndexed(job) ? counts.succeededIndexes().size() : counts.succeeded();
    return done >= spec.getCompletions() && active == 0;
  }

  private record ManageResult(int active, RuntimeException error) {}

  /** Upstream manageJob: delete what is above the wanted number of active pods, create what is below. */
  private ManageResult manage(String key, Job job, Counts counts, Instant now) throws InterruptedException {
    List<Pod> active = counts.active();
    JobSpec spec = job.getSpec();
    if (spec.getSuspend()) {
      RuntimeException e = active.isEmpty() ? null : deletePods(key, job, active, active.size());
      return new ManageResult(0, e);
    }
    boolean indexed = JobPods.isIndexed(job);
    List<Pod> excess = indexed ? IndexedPods.duplicatesAndOutOfRange(active, spec.getCompletions(),
        counts.succeededIndexes()) : List.of();
    if (!excess.isEmpty()) {
      RuntimeException e = deletePods(key, job, excess, excess.size());
      return new ManageResult(active.size() - excess.size(), e);
    }
    int wantActive = wantActive(job, counts, active.size());
    int diff = active.size() - wantActive;
    if (diff > 0) {
      List<Pod> victims = new ArrayList<>(active);
      victims.sort(ActivePods.DELETION_ORDER);
      int n = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
      return new ManageResult(active.size() - n, deletePods(key, job, victims, n));
    }
    if (diff == 0) {
      return new ManageResult(active.size(), null);
    }
    Duration wait = remainingBackoff(counts, now);
    if (!wait.isZero()) {
      queue.addAfter(key, wait);
      return new ManageResult(active.size(), null);
    }
    int n = Math.min(-diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    List<Integer> indexes = indexed ? IndexedPods.firstMissing(active, spec.getCompletions(), counts.succeededIndexes(), n)
        : null;
    if (indexed) {
      n = indexes.size();
    }
    return new ManageResult(active.size() + n, createPods(key, job, n, indexes));
  }

  private static int wantActive(Job job, Counts counts, int active) {
    JobSpec spec = job.getSpec();
    int parallelism = spec.getParallelism();
    if (!spec.hasCompletions()) {
      return counts.succeeded() > 0 ? Math.min(active, parallelism) : parallelism;
    }
    int done = JobPods.isIndexed(job) ? counts.succeededIndexes().size() : counts.succeeded();
    return Math.max(0, Math.min(spec.getCompletions() - done, parallelism));
  }

  /** Upstream backoff: base * 2^(failures since the last success - 1), capped, from the last failure. */
  Duration remainingBackoff(Counts counts, Instant now) {
    if (counts.failuresSinceSuccess() == 0 || counts.lastFailure() == null) {
      return Duration.ZERO;
    }
    Duration delay = JobBackoff.delay(config, counts.failuresSinceSuccess());
    Duration left = Duration.between(now, counts.lastFailure().plus(delay));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private RuntimeException createPods(String key, Job job, int count, List<Integer> indexes) throws InterruptedException {
    expectations.expectCreations(key, count);
    AtomicInteger next = new AtomicInteger();
    SlowStart.Result result = SlowStart.run(count, SlowStart.INITIAL_BATCH_SIZE, writers, () -> {
      Integer index = indexes == null ? null : indexes.get(next.getAndIncrement());
      try {
        Pod created = podClient.create(JobPods.newPod(job, index));
        recorder.normal(job, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
      } catch (ApiException e) {
        recorder.warning(job, "FailedCreate", "Error creating: " + e.getMessage());
        throw e;
      }
    });
    for (int i = result.successes(); i < count; i++) {
      expectations.creationObserved(key);
    }
    if (result.successes() > 0) {
      log.info("Created {} pods for Job {}", result.successes(), key);
    }
    return result.error();
  }

  private RuntimeException deletePods(String key, Job job, List<Pod> victims, int count) {
    List<Pod> chosen = victims.subList(0, count);
    expectations.expectDeletions(key, chosen.stream().map(ApiObjects::key).toList());
    RuntimeException first = null;
    for (Pod pod : chosen) {
      try {
        podClient.delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), DeleteOptions.defaults());
        recorder.normal(job, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
      } catch (ApiException e) {
        expectations.deletionObserved(key, ApiObjects.key(pod));
        if (!e.isNotFound() && first == null) {
          recorder.warning(job, "FailedDelete", "Error deleting: " + e.getMessage());
          first = e;
        }
      }
    }
    return first;
  }

  @Override
  public void close() {
    writers.shutdownNow();
  }
}
