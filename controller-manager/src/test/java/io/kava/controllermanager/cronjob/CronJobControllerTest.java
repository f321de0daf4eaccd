package io.kava.controllermanager.cronjob;

import static io.kava.controllermanager.testing.Workloads.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.CronJobSpec;
import io.kava.api.batch.v1.CronJobStatus;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobCondition;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.batch.v1.JobStatus;
import io.kava.api.batch.v1.JobTemplateSpec;
import io.kava.api.core.v1.Event;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.Times;
import io.kava.client.cron.CronSchedule;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import io.kava.controllermanager.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CronJob controller against a fake API server and a clock it does not own: upstream's cases. */
class CronJobControllerTest {
  private static final String KEY = NS + "/hello";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** A Monday 10:00:30 UTC: an every-minute schedule last fired at 10:00. */
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:30Z");

  private final FakeApi api = new FakeApi();
  private final FakeApi eventApi = new FakeApi();
  private final MutableClock clock = new MutableClock(NOW);
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private CronJobController controller;

  @AfterEach
  void tearDown() throws Exception {
    if (controller != null) {
      controller.stop();
    }
    if (informers != null) {
      informers.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    api.close();
    eventApi.close();
  }

  private void start() throws InterruptedException {
    EventRecorder recorder = new EventRecorder(client(eventApi).resource(Event.class), "cronjob-controller", "");
    controller = new CronJobController(client(api), recorder, new CronJobConfig(clock, 1));
    informers = new InformerFactory(client(api), Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
  }

  private KavaClient client(FakeApi server) {
    KavaClient c = server.client();
    closeables.add(c);
    return c;
  }

  private static CronJob cronJob(Instant created, UnaryOperator<CronJobSpec.Builder> spec) {
    Job template = Workloads.job("x", java.util.Map.of("app", "hello"));
    CronJobSpec.Builder s = CronJobSpec.newBuilder().setSchedule("*/1 * * * *").setConcurrencyPolicy("Allow")
        .setSuspend(false).setSuccessfulJobsHistoryLimit(3).setFailedJobsHistoryLimit(1).setTimeZone("UTC")
        .setJobTemplate(JobTemplateSpec.newBuilder().setMetadata(ObjectMeta.newBuilder().putLabels("team", "a"))
            .setSpec(template.getSpec().toBuilder().clearSelector().clearManualSelector()));
    return CronJob.newBuilder().setApiVersion("batch/v1").setKind("CronJob")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName("hello").setUid(UUID.randomUUID().toString())
            .setCreationTimestamp(Times.format(created)))
        .setSpec(spec.apply(s)).build();
  }

  private List<Job> storedJobs() {
    return client(api).resource(Job.class).list(ListOptions.all()).items();
  }

  private CronJob storedCronJob() {
    return client(api).resource(CronJob.class).get(NS, "hello");
  }

  private Job jobOf(CronJob cj, String name, Instant start, String finished) {
    Job j = Job.newBuilder().setApiVersion("batch/v1").setKind("Job").setMetadata(Workloads.meta(name)
        .addOwnerReferences(Workloads.controllerRef(cj))).setSpec(JobSpec.getDefaultInstance())
        .setStatus(JobStatus.newBuilder().setStartTime(Times.format(start))).build();
    if (finished != null) {
      j = j.toBuilder().setStatus(j.getStatus().toBuilder().setCompletionTime(Times.format(start.plusSeconds(5)))
          .addConditions(JobCondition.newBuilder().setType(finished).setStatus("True"))).build();
    }
    return api.seed(j);
  }

  private List<String> eventReasons() {
    return client(eventApi).resource(Event.class).list(ListOptions.all()).items().stream().map(Event::getReason).toList();
  }

  @Test
  void aScheduleTimeCreatesOneJobNamedByItsMinute() throws Exception {
    CronJob cj = api.seed(cronJob(NOW.minusSeconds(90), s -> s));
    start();

    controller.sync(KEY);

    List<Job> jobs = storedJobs();
    Instant scheduled = Instant.parse("2026-11-30T10:00:00Z");
    assertThat(jobs).singleElement().satisfies(j -> {
      assertThat(j.getMetadata().getName()).isEqualTo("hello-" + scheduled.getEpochSecond() / 60);
      assertThat(j.getMetadata().getLabelsMap()).containsEntry("team", "a");
      assertThat(j.getMetadata().getAnnotationsMap())
          .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-11-30T10:00:00Z");
      assertThat(j.getMetadata().getOwnerReferences(0).getUid()).isEqualTo(cj.getMetadata().getUid());
      assertThat(j.getMetadata().getOwnerReferences(0).getController()).isTrue();
    });
    CronJobStatus status = storedCronJob().getStatus();
    assertThat(status.getActiveList()).extracting(r -> r.getName()).containsExactly(jobs.get(0).getMetadata().getName());
    assertThat(status.getLastScheduleTime()).isEqualTo("2026-11-30T10:00:00Z");

    await().atMost(TIMEOUT).until(() -> informers.informer(CronJob.class).lister().get(KEY).orElseThrow()
        .getStatus().getActiveCount() == 1);
    controller.sync(KEY);
    assertThat(storedJobs()).as("the same schedule time never runs twice").hasSize(1);
  }

  @Test
  void onlyTheMostRecentMissedTimeRunsAndManyMissedWarn() throws Exception {
    api.seed(cronJob(NOW.minus(Duration.ofHours(5)), s -> s));
    start();

    controller.sync(KEY);

    assertThat(storedJobs()).singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getName()).isEqualTo("hello-" + Instant.parse("2026-11-30T10:00:00Z")
            .getEpochSecond() / 60));
    await().atMost(TIMEOUT).until(() -> eventReasons().contains("TooManyMissedTimes"));
  }

  @Test
  void pastTheStartingDeadlineNothingRuns() throws Exception {
    api.seed(cronJob(NOW.minusSeconds(3600), s -> s.setSchedule("0 * * * *").setStartingDeadlineSeconds(10)));
    start();

    controller.sync(KEY);

    assertThat(storedJobs()).isEmpty();
  }

  @Test
  void aSuspendedCronJobStartsNothing() throws Exception {
    api.seed(cronJob(NOW.minusSeconds(90), s -> s.setSuspend(true)));
    start();

    controller.sync(KEY);

    assertThat(storedJobs()).isEmpty();
  }

  @Test
  void forbidWaitsForTheRunningJobAndReplaceDeletesIt() throws Exception {
    CronJob cj = api.seed(cronJob(NOW.minusSeconds(150), s -> s.setConcurrencyPolicy("Forbid")));
    jobOf(cj, "hello-old", NOW.minusSeconds(90), null);
    start();

    controller.sync(KEY);
    assertThat(storedJobs()).extracting(j -> j.getMetadata().getName()).containsExactly("hello-old");
    await().atMost(TIMEOUT).until(() -> eventReasons().contains("JobAlreadyActive"));

    api.seed(storedCronJob().toBuilder().setSpec(storedCronJob().getSpec().toBuilder().setConcurrencyPolicy("Replace"))
        .build());
    await().atMost(TIMEOUT).until(() -> informers.informer(CronJob.class).lister().get(KEY).orElseThrow()
        .getSpec().getConcurrencyPolicy().equals("Replace"));
    controller.sync(KEY);
    assertThat(storedJobs()).extracting(j -> j.getMetadata().getName()).doesNotContain("hello-old").hasSize(1);
  }

  @Test
  void finishedJobsBeyondTheHistoryLimitsGoOldestFirst() throws Exception {
    CronJob cj = api.seed(cronJob(NOW.minusSeconds(30), s -> s.setSuccessfulJobsHistoryLimit(2)
        .setFailedJobsHistoryLimit(1)));
    for (int i = 1; i <= 4; i++) {
      jobOf(cj, "ok-" + i, NOW.minusSeconds(1000 - i * 100L), "Complete");
    }
    jobOf(cj, "bad-1", NOW.minusSeconds(900), "Failed");
    jobOf(cj, "bad-2", NOW.minusSeconds(800), "Failed");
    start();

    controller.sync(KEY);

    assertThat(storedJobs()).extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder("ok-3", "ok-4", "bad-2");
    assertThat(storedCronJob().getStatus().getLastSuccessfulTime())
        .isEqualTo(Times.format(NOW.minusSeconds(600).plusSeconds(5)));
  }

  @Test
  void aFinishedJobLeavesTheActiveList() throws Exception {
    CronJob cj = cronJob(NOW.minusSeconds(30), s -> s);
    Job running = Job.newBuilder().setMetadata(Workloads.meta("hello-1")).build();
    cj = api.seed(cj);
    Job done = jobOf(cj, "hello-1", NOW.minusSeconds(20), "Complete");
    api.seed(cj.toBuilder().setStatus(CronJobStatus.newBuilder().addActive(io.kava.api.core.v1.ObjectReference.newBuilder()
        .setName("hello-1").setUid(done.getMetadata().getUid()))).build());
    assertThat(running).isNotNull();
    start();

    controller.sync(KEY);

    assertThat(storedCronJob().getStatus().getActiveList()).isEmpty();
    await().atMost(TIMEOUT).until(() -> eventReasons().contains("SawCompletedJob"));
  }

  @Test
  void scheduleTimesFollowTheTimeZone() {
    CronSchedule nineDaily = CronSchedule.parse("0 9 * * *");
    CronJob cj = cronJob(Instant.parse("2026-11-29T00:00:00Z"), s -> s);
    ScheduleTimes.Missed berlin = ScheduleTimes.mostRecent(cj, NOW, nineDaily, ZoneId.of("Europe/Berlin"));
    assertThat(berlin.mostRecent()).contains(Instant.parse("2026-11-30T08:00:00Z"));
    ScheduleTimes.Missed newYork = ScheduleTimes.mostRecent(cj, NOW, nineDaily, ZoneId.of("America/New_York"));
    assertThat(newYork.mostRecent()).contains(Instant.parse("2026-11-29T14:00:00Z"));
    assertThat(newYork.many()).isFalse();
  }
}
