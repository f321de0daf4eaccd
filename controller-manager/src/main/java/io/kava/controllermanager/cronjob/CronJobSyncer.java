package io.kava.controllermanager.cronjob;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.CronJobStatus;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobCondition;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import io.kava.client.cron.CronSchedule;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import io.kava.client.workqueue.WorkQueue;
import io.kava.controllermanager.job.JobConditions;
import io.kava.controllermanager.util.OwnerReferences;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CronJob's sync (upstream cronjob_controllerv2 syncCronJob): bring status.active in line with
 * the Jobs it owns, remove finished Jobs beyond the history limits, then start the Job of the most
 * recent missed schedule time unless suspended, too late, already started or forbidden by the
 * concurrency policy, and look again at the next schedule time.
 */
final class CronJobSyncer {
  private static final Logger log = LoggerFactory.getLogger(CronJobSyncer.class);
  static final String SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
  /** Upstream nextScheduleDelta: look a little after the schedule time, never just before it. */
  private static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);

  private final ResourceClient<CronJob> cronJobClient;
  private final ResourceClient<Job> jobClient;
  private final Lister<CronJob> cronJobs;
  private final Lister<Job> jobs;
  private final EventRecorder recorder;
  private final CronJobConfig config;
  private final WorkQueue queue;

  CronJobSyncer(KavaClient client, Lister<CronJob> cronJobs, Lister<Job> jobs, EventRecorder recorder,
      CronJobConfig config, WorkQueue queue) {
    this.cronJobClient = client.resource(CronJob.class);
    this.jobClient = client.resource(Job.class);
    this.cronJobs = cronJobs;
    this.jobs = jobs;
    this.recorder = recorder;
    this.config = config;
    this.queue = queue;
  }

  void sync(String key) {
    Optional<CronJob> cached = cronJobs.get(key);
    if (cached.isEmpty()) {
      return;
    }
    CronJob cj = cached.get();
    String uid = cj.getMetadata().getUid();
    List<Job> owned = jobs.list(cj.getMetadata().getNamespace(), j -> OwnerReferences.isControlledBy(j, uid));
    CronJobStatus.Builder status = cj.getStatus().toBuilder();
    reconcileActive(cj, owned, status);
    cleanUpFinished(cj, owned);
    try {
      if (cj.getMetadata().getDeletionTimestamp().isEmpty()) {
        schedule(key, cj, status);
      }
    } finally {
      CronJobStatus written = status.build();
      if (!written.equals(cj.getStatus())) {
        cronJobClient.updateStatus(cj.toBuilder().setStatus(written).build());
      }
    }
  }

  /** Finished Jobs leave status.active (a Complete one moves lastSuccessfulTime); running ones join it. */
  private void reconcileActive(CronJob cj, List<Job> owned, CronJobStatus.Builder status) {
    Set<String> ownedUids = owned.stream().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet());
    List<ObjectReference> active = new ArrayList<>();
    for (ObjectReference ref : status.getActiveList()) {
      if (ownedUids.contains(ref.getUid())) {
        active.add(ref);
      } else {
        recorder.warning(cj, "MissingJob", "Active job went missing: " + ref.getName());
      }
    }
    for (Job job : owned) {
      boolean listed = active.stream().anyMatch(r -> r.getUid().equals(job.getMetadata().getUid()));
      Optional<JobCondition> finished = JobConditions.finishedCondition(job);
      if (finished.isEmpty() && !listed && job.getMetadata().getDeletionTimestamp().isEmpty()) {
        active.add(reference(job));
      } else if (finished.isPresent() && listed) {
        active.removeIf(r -> r.getUid().equals(job.getMetadata().getUid()));
        recorder.normal(cj, "SawCompletedJob", "Saw completed job: " + job.getMetadata().getName()
            + ", condition: " + finished.get().getType());
      }
      if (finished.isPresent() && finished.get().getType().equals("Complete")) {
        Instant done = Times.parse(job.getStatus().getCompletionTime());
        Instant last = Times.parse(status.getLastSuccessfulTime());
        if (done != null && (last == null || done.isAfter(last))) {
          status.setLastSuccessfulTime(Times.format(done));
        }
      }
    }
    status.clearActive().addAllActive(active);
  }

  private void schedule(String key, CronJob cj, CronJobStatus.Builder status) {
    ZoneId zone;
    CronSchedule schedule;
    try {
      zone = cj.getSpec().hasTimeZone() ? ZoneId.of(cj.getSpec().getTimeZone()) : ZoneId.systemDefault();
    } catch (RuntimeException e) {
      recorder.warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + cj.getSpec().getTimeZone() + "\": " + e.getMessage());
      return;
    }
    try {
      schedule = CronSchedule.parse(cj.getSpec().getSchedule());
    } catch (IllegalArgumentException e) {
      recorder.warning(cj, "UnparseableSchedule", "unparseable schedule: \"" + cj.getSpec().getSchedule() + "\" : "
          + e.getMessage());
      return;
    }
    if (cj.getSpec().getSuspend()) {
      return;
    }
    Instant now = config.clock().instant();
    ScheduleTimes.Missed missed = ScheduleTimes.mostRecent(cj.toBuilder().setStatus(status).build(), now, schedule, zone);
    requeueAtNext(key, schedule, now, zone);
    if (missed.many()) {
      recorder.warning(cj, "TooManyMissedTimes", "too many missed start times. Set or decrease "
          + ".spec.startingDeadlineSeconds or check clock skew");
    }
    if (missed.mostRecent().isEmpty()) {
      return;
    }
    Instant scheduled = missed.mostRecent().get();
    if (cj.getSpec().hasStartingDeadlineSeconds()
        && scheduled.plusSeconds(cj.getSpec().getStartingDeadlineSeconds()).isBefore(now)) {
      recorder.normal(cj, "MissSchedule", "Missed scheduled time to start a job: " + Times.format(scheduled));
      return;
    }
    String jobName = jobName(cj, scheduled);
    if (status.getActiveList().stream().anyMatch(r -> r.getName().equals(jobName))
        || scheduled.equals(Times.parse(status.getLastScheduleTime()))) {
      return;
    }
    String policy = cj.getSpec().getConcurrencyPolicy();
    if (policy.equals("Forbid") && status.getActiveCount() > 0) {
      recorder.normal(cj, "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid");
      return;
    }
    if (policy.equals("Replace")) {
      for (ObjectReference ref : List.copyOf(status.getActiveList())) {
        deleteJob(cj, ref.getName());
        status.clearActive().addAllActive(status.getActiveList().stream().filter(r -> !r.equals(ref)).toList());
      }
    }
    Job created;
    try {
      created = jobClient.create(newJob(cj, jobName, scheduled, zone));
      recorder.normal(cj, "SuccessfulCreate", "Created job " + jobName);
      log.info("Created Job {} for CronJob {}", jobName, key);
    } catch (ApiException e) {
      if (!e.isAlreadyExists()) {
        recorder.warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
        throw e;
      }
      created = jobClient.get(cj.getMetadata().getNamespace(), jobName);
      if (!OwnerReferences.isControlledBy(created, cj.getMetadata().getUid())) {
        recorder.warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
        return;
      }
    }
    status.addActive(reference(created)).setLastScheduleTime(Times.format(scheduled));
  }

  private void requeueAtNext(String key, CronSchedule schedule, Instant now, ZoneId zone) {
    ScheduleTimes.next(schedule, now, zone).ifPresent(next ->
        queue.addAfter(key, config.wallTime(Duration.between(now, next)).plus(NEXT_SCHEDULE_DELTA)));
  }

  /** Upstream cleanupFinishedJobs: the oldest finished Jobs beyond each history limit go, with their pods. */
  private void cleanUpFinished(CronJob cj, List<Job> owned) {
    List<Job> succeeded = new ArrayList<>();
    List<Job> failed = new ArrayList<>();
    for (Job job : owned) {
      JobConditions.finishedCondition(job).ifPresent(c -> (c.getType().equals("Complete") ? succeeded : failed).add(job));
    }
    removeOldest(cj, succeeded, cj.getSpec().getSuccessfulJobsHistoryLimit());
    removeOldest(cj, failed, cj.getSpec().getFailedJobsHistoryLimit());
  }

  private void removeOldest(CronJob cj, List<Job> finished, int limit) {
    if (finished.size() <= limit) {
      return;
    }
    finished.sort(Comparator.comparing((Job j) -> startTime(j)).thenComparing(j -> j.getMetadata().getName()));
    for (Job job : finished.subList(0, finished.size() - limit)) {
      deleteJob(cj, job.getMetadata().getName());
    }
  }

  private static Instant startTime(Job job) {
    Instant start = Times.parse(job.getStatus().getStartTime());
    if (start == null) {
      start = Times.parse(job.getMetadata().getCreationTimestamp());
    }
    return start == null ? Instant.EPOCH : start;
  }

  private void deleteJob(CronJob cj, String name) {
    try {
      jobClient.delete(cj.getMetadata().getNamespace(), name, DeleteOptions.propagation("Background"));
      recorder.normal(cj, "SuccessfulDelete", "Deleted job " + name);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        recorder.warning(cj, "FailedDelete", "Deleted job: " + e.getMessage());
        throw e;
      }
    }
  }

  /** Upstream getTimeHashInMinutes: the Job of one schedule time always has the same name. */
  static String jobName(CronJob cj, Instant scheduled) {
    return cj.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
  }

  static Job newJob(CronJob cj, String name, Instant scheduled, ZoneId zone) {
    ObjectMeta template = cj.getSpec().getJobTemplate().getMetadata();
    ObjectMeta meta = ObjectMeta.newBuilder().setName(name).setNamespace(cj.getMetadata().getNamespace())
        .putAllLabels(template.getLabelsMap()).putAllAnnotations(template.getAnnotationsMap())
        .putAnnotations(SCHEDULED_TIMESTAMP_ANNOTATION,
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(scheduled.atZone(zone).toOffsetDateTime()))
        .addOwnerReferences(OwnerReferences.newControllerRef(cj)).build();
    return Job.newBuilder().setApiVersion("batch/v1").setKind("Job").setMetadata(meta)
        .setSpec(cj.getSpec().getJobTemplate().getSpec()).build();
  }

  private static ObjectReference reference(Job job) {
    return ObjectReference.newBuilder().setKind("Job").setNamespace(job.getMetadata().getNamespace())
        .setName(job.getMetadata().getName()).setUid(job.getMetadata().getUid()).setApiVersion("batch/v1")
        .setResourceVersion(job.getMetadata().getResourceVersion()).build();
  }
}
