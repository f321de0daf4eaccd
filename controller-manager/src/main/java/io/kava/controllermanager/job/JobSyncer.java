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
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.Pods;
import io.kava.controllermanager.util.Selectors;
import io.kava.controllermanager.util.SlowStart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
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
 * changed. Finished pods are counted through the job-tracking finalizer ({@link JobTracking}), so a pod
 * deleted after it finished still counts, and never twice.
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
  private final JobTracking tracking;

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
    this.tracking = new JobTracking(podClient, writers);
  }

  /**
   * What the pods of one Job show at the start of a sync, with what its status counted before. SUCCEEDED and
   * FAILED include UNCOUNTED (finished tracked pods not yet in the status counters); TO_RELEASE are the
   * tracked pods whose finalizer may go.
   */
  private record Counts(List<Pod> active, int succeeded, int failed, int ready, int terminating,
      SortedSet<Integer> succeededIndexes, Optional<String> failJobMessage, Instant lastFailure,
      int failuresSinceSuccess, int restarts, JobTracking.Uncounted uncounted, List<Pod> toRelease) {}

  void sync(String key) throws InterruptedException {
    Optional<Job> cached = jobs.get(key);
    if (cached.isEmpty()) {
      expectations.delete(key);
      int slash = key.indexOf('/');
      releaseOrphans(pods.list(key.substring(0, slash)), key.substring(slash + 1), Optional.empty());
      return;
    }
    Job job = cached.get();
    String namespace = job.getMetadata().getNamespace();
    // One look at the namespace's pods serves the orphan release, a finished Job's release and the claim.
    List<Pod> inNamespace = pods.list(namespace);
    releaseOrphans(inNamespace, job.getMetadata().getName(), Optional.of(job.getMetadata().getUid()));
    if (JobConditions.isFinished(job)) {
      releaseAll(job, inNamespace);
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
    List<Pod> owned = new ControllerRefManager<>(podClient, job,
        pod -> selector.matches(pod.getMetadata().getLabelsMap()),
        () -> jobClient.get(namespace, job.getMetadata().getName())).claim(inNamespace);
    Counts counts = count(job, owned);
    Instant now = clock.instant();
    String nowText = Times.format(now);
    JobSpec spec = job.getSpec();
    boolean suspended = spec.getSuspend();

    JobStatus.Builder status = job.getStatus().toBuilder();
    boolean completed = false;
    JobCondition failed = null;
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
        // Upstream deleteActivePods keeps the finalizers: these pods count as failed once they are deleted.
        manageError = deletePods(key, job, counts.active(), active, false);
        active = 0;
      }
      if (!podsLeft) {
        failed = JobConditions.condition(JobConditions.FAILED, "True", failure.getReason(), failure.getMessage(),
            nowText);
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
        completed = true;
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

    boolean indexed = JobPods.isIndexed(job);
    if (indexed) {
      status.setCompletedIndexes(CompletedIndexes.format(counts.succeededIndexes()));
    }
    Job current = job;
    JobTracking.Uncounted left = counts.uncounted();
    if (!counts.toRelease().isEmpty()) {
      // The UIDs (and indexes) are recorded before any finalizer goes, so a crash in between counts them later.
      JobStatus recorded = job.getStatus().toBuilder().setUncountedTerminatedPods(left.toProto())
          .setCompletedIndexes(status.getCompletedIndexes()).build();
      if (!recorded.equals(job.getStatus())) {
        current = jobClient.updateStatus(job.toBuilder().setStatus(recorded).build());
      }
      Set<String> stillTracked = new HashSet<>();
      counts.toRelease().forEach(p -> stillTracked.add(p.getMetadata().getUid()));
      stillTracked.removeAll(tracking.release(counts.toRelease()));
      left = left.retain(stillTracked);
    } else {
      left = left.retain(Set.of());
    }
    status.setActive(active).setReady(counts.ready()).setTerminating(counts.terminating())
        .setSucceeded(indexed ? counts.succeeded() : counts.succeeded() - left.succeeded().size())
        .setFailed(counts.failed() - left.failed().size())
        .setUncountedTerminatedPods(left.toProto());
    if (!left.isEmpty() && (completed || failed != null)) {
      manageError = manageError != null ? manageError
          : new IllegalStateException(left.succeeded().size() + left.failed().size()
              + " finished pods still hold the job-tracking finalizer");
    } else if (completed) {
      JobConditions.ensure(status, JobConditions.condition(JobConditions.COMPLETE, "True", "CompletionsReached",
          "Reached expected number of succeeded pods", nowText));
      status.setCompletionTime(nowText);
      recorder.normal(job, "Completed", "Job completed");
    } else if (failed != null) {
      JobConditions.ensure(status, failed);
      if (!failingAlready) {
        recorder.warning(job, failed.getReason(), failed.getMessage());
      }
    }
    JobStatus written = status.build();
    if (!written.equals(current.getStatus())) {
      jobClient.updateStatus(current.toBuilder().setStatus(written).build());
    }
    if (manageError != null) {
      throw manageError;
    }
  }

  /** A finished Job's pods (terminating stragglers) are no longer counted: their finalizers go. */
  private void releaseAll(Job job, List<Pod> inNamespace) throws InterruptedException {
    String uid = job.getMetadata().getUid();
    List<Pod> tracked = inNamespace.stream()
        .filter(p -> tracking.holds(p) && OwnerReferences.isControlledBy(p, uid)).toList();
    if (!tracked.isEmpty()) {
      tracking.release(tracked);
    }
  }

  /** Pods of a deleted Job of this name (or of an older Job of the same name) must not be kept by the finalizer. */
  private void releaseOrphans(List<Pod> inNamespace, String name, Optional<String> liveUid)
      throws InterruptedException {
    List<Pod> orphans = inNamespace.stream()
        .filter(p -> tracking.holds(p) && JobTracking.orphanOf(p, name, liveUid)).toList();
    if (!orphans.isEmpty()) {
      log.info("Released {} pods of a deleted Job {}/{}", orphans.size(), orphans.get(0).getMetadata().getNamespace(),
          name);
      tracking.release(orphans);
    }
  }

  private Counts count(Job job, List<Pod> owned) {
    List<Pod> active = new ArrayList<>();
    List<Pod> toRelease = new ArrayList<>();
    JobTracking.Uncounted uncounted = JobTracking.Uncounted.of(job.getStatus());
    int ready = 0;
    int terminating = 0;
    int restarts = 0;
    boolean indexed = JobPods.isIndexed(job);
    int completions = job.getSpec().hasCompletions() ? job.getSpec().getCompletions() : Integer.MAX_VALUE;
    SortedSet<Integer> indexes = new TreeSet<>();
    if (indexed) {
      CompletedIndexes.parse(job.getStatus().getCompletedIndexes()).stream().filter(i -> i < completions)
          .forEach(indexes::add);
    }
    Optional<String> failJob = Optional.empty();
    Instant lastSuccess = null;
    List<Instant> failures = new ArrayList<>();
    for (Pod pod : owned) {
      String uid = pod.getMetadata().getUid();
      boolean tracked = tracking.holds(pod);
      boolean deleting = Pods.isTerminating(pod);
      if (JobPods.succeeded(pod)) {
        if (tracked) {
          toRelease.add(pod);
        }
        // A pod without the finalizer was counted when it lost it; an index is recorded either way.
        OptionalInt index = JobPods.index(pod, completions);
        if (indexed && index.isPresent()) {
          indexes.add(index.getAsInt());
        } else if (!indexed && tracked && !uncounted.failed().contains(uid)) {
          uncounted.succeeded().add(uid);
        }
        Instant at = JobPods.finishedAt(pod);
        if (at != null && (lastSuccess == null || at.isAfter(lastSuccess))) {
          lastSuccess = at;
        }
      } else if (JobPods.failed(pod) || (tracked && deleting)) {
        // Upstream counts a tracked pod deleted before it finished as failed (an orphan never reaches Failed).
        if (tracked) {
          toRelease.add(pod);
        }
        if (deleting && !JobPods.failed(pod)) {
          terminating++;
        }
        PodFailurePolicies.Decision d = PodFailurePolicies.decide(job, pod);
        if (d.action().equals(PodFailurePolicies.IGNORE)) {
          continue;
        }
        if (d.action().equals(PodFailurePolicies.FAIL_JOB) && failJob.isEmpty()) {
          failJob = Optional.of(d.message());
        }
        if (tracked && !uncounted.succeeded().contains(uid)) {
          uncounted.failed().add(uid);
        }
        failures.add(JobPods.finishedAt(pod));
      } else if (deleting) {
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
    int succeeded = indexed ? indexes.size() : job.getStatus().getSucceeded() + uncounted.succeeded().size();
    int failed = job.getStatus().getFailed() + uncounted.failed().size();
    return new Counts(active, succeeded, failed, ready, terminating, indexes, failJob, lastFailure, recent.size(),
        restarts, uncounted, toRelease);
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
      RuntimeException e = active.isEmpty() ? null : deletePods(key, job, active, active.size(), true);
      return new ManageResult(0, e);
    }
    boolean indexed = JobPods.isIndexed(job);
    List<Pod> excess = indexed ? IndexedPods.duplicatesAndOutOfRange(active, spec.getCompletions(),
        counts.succeededIndexes()) : List.of();
    if (!excess.isEmpty()) {
      RuntimeException e = deletePods(key, job, excess, excess.size(), true);
      return new ManageResult(active.size() - excess.size(), e);
    }
    int wantActive = wantActive(job, counts, active.size());
    int diff = active.size() - wantActive;
    if (diff > 0) {
      List<Pod> victims = new ArrayList<>(active);
      victims.sort(ActivePods.DELETION_ORDER);
      int n = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
      return new ManageResult(active.size() - n, deletePods(key, job, victims, n, true));
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

  /**
   * Deletes COUNT of VICTIMS. With RELEASE_FIRST (upstream deleteJobPods: fewer pods wanted, a suspend) their
   * finalizers go first, so they do not count as failed; a pod whose finalizer could not go is kept.
   */
  private RuntimeException deletePods(String key, Job job, List<Pod> victims, int count, boolean releaseFirst)
      throws InterruptedException {
    List<Pod> chosen = victims.subList(0, count);
    if (releaseFirst) {
      Set<String> released = tracking.release(chosen.stream().filter(tracking::holds).toList());
      chosen = chosen.stream().filter(p -> !tracking.holds(p) || released.contains(p.getMetadata().getUid()))
          .toList();
    }
    expectations.expectDeletions(key, chosen.stream().map(ApiObjects::key).toList());
    RuntimeException first = chosen.size() < count ? new IllegalStateException(
        (count - chosen.size()) + " pods kept their job-tracking finalizer and were not deleted yet") : null;
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

  /** A pod event reached the cache (see {@link JobTracking#observed}). */
  void podObserved(Pod pod, boolean deleted) {
    tracking.observed(pod, deleted);
  }

  @Override
  public void close() {
    writers.shutdownNow();
  }
}
