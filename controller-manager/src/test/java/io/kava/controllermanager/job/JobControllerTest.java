package io.kava.controllermanager.job;

import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.inPhase;
import static io.kava.controllermanager.testing.Workloads.ownedBy;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.readySince;
import static io.kava.controllermanager.testing.Workloads.withRestarts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobCondition;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.batch.v1.JobStatus;
import io.kava.api.batch.v1.PodFailurePolicy;
import io.kava.api.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.kava.api.batch.v1.PodFailurePolicyRule;
import io.kava.api.core.v1.ContainerState;
import io.kava.api.core.v1.ContainerStateTerminated;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.Times;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import io.kava.controllermanager.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Job controller against a fake API server: upstream job_controller_test cases. */
class JobControllerTest {
  private static final Map<String, String> LABELS = Map.of("job", "pi");
  private static final String KEY = NS + "/pi";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final FakeApi api = new FakeApi();
  private final FakeApi eventApi = new FakeApi();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private JobController controller;

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
    EventRecorder recorder = new EventRecorder(client(eventApi).resource(Event.class), "job-controller", "");
    controller = new JobController(client(api), recorder, clock, JobConfig.defaults());
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

  private static Job job(UnaryOperator<JobSpec.Builder> spec) {
    Job j = Workloads.job("pi", LABELS);
    JobSpec.Builder s = j.getSpec().toBuilder().setParallelism(1).setCompletions(1).setBackoffLimit(6)
        .setCompletionMode("NonIndexed").setSuspend(false);
    return j.toBuilder().setSpec(spec.apply(s)).build();
  }

  /** A pod as the controller made it: owned by the Job and holding the job-tracking finalizer. */
  private static Pod jobPod(Job job, String name) {
    return JobTracking.withFinalizer(ownedBy(pod(name, LABELS), job));
  }

  private Pod podOf(Job job, String name, String phase) {
    return api.seed(inPhase(jobPod(job, name), phase));
  }

  private static Pod finished(Pod pod, String phase, int exitCode, Instant at) {
    return pod.toBuilder().setStatus(pod.getStatus().toBuilder().setPhase(phase).addContainerStatuses(
        ContainerStatus.newBuilder().setName("app").setState(ContainerState.newBuilder().setTerminated(
            ContainerStateTerminated.newBuilder().setExitCode(exitCode).setFinishedAt(Times.format(at)))))).build();
  }

  private Pod failedPod(Job job, String name, Instant at) {
    return api.seed(finished(jobPod(job, name), "Failed", 1, at));
  }

  private List<Pod> storedPods() {
    return client(api).resource(Pod.class).list(ListOptions.all()).items();
  }

  private Job storedJob() {
    return client(api).resource(Job.class).get(NS, "pi");
  }

  /** The job's cache holds what is stored (a sync right after a status write must not read the job from before it). */
  private void awaitCachedJob() {
    String stored = storedJob().getMetadata().getResourceVersion();
    await().atMost(TIMEOUT).until(() -> informers.informer(Job.class).lister().get(NS, "pi")
        .map(j -> j.getMetadata().getResourceVersion().equals(stored)).orElse(false));
  }

  private void awaitCachedPods(int n) {
    await().atMost(TIMEOUT).until(() -> informers.informer(Pod.class).lister().list().size() == n);
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void fiveCompletionsWithParallelismTwoStartTwoPodsWithAControllerReference() throws Exception {
    Job job = api.seed(job(s -> s.setCompletions(5).setParallelism(2)));
    start();

    controller.sync(KEY);

    List<Pod> pods = storedPods();
    assertThat(pods).hasSize(2);
    assertThat(pods).allSatisfy(p -> {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("pi-");
      assertThat(p.getMetadata().getOwnerReferences(0).getUid()).isEqualTo(job.getMetadata().getUid());
      assertThat(p.getMetadata().getOwnerReferences(0).getController()).isTrue();
    });
    JobStatus status = storedJob().getStatus();
    assertThat(status.getActive()).isEqualTo(2);
    assertThat(status.getStartTime()).isNotEmpty();
  }

  @Test
  void theLastPodsNeededAreAllThatStart() throws Exception {
    Job job = api.seed(job(s -> s.setCompletions(5).setParallelism(2)));
    for (int i = 0; i < 4; i++) {
      podOf(job, "done-" + i, "Succeeded");
    }
    start();

    controller.sync(KEY);

    assertThat(storedPods()).hasSize(5);
    assertThat(storedJob().getStatus().getActive()).isEqualTo(1);
    assertThat(storedJob().getStatus().getSucceeded()).isEqualTo(4);
  }

  @Test
  void enoughSucceededPodsCompleteTheJob() throws Exception {
    Job job = api.seed(job(s -> s.setCompletions(2)));
    podOf(job, "a", "Succeeded");
    podOf(job, "b", "Succeeded");
    start();

    controller.sync(KEY);

    Job stored = storedJob();
    assertThat(condition(stored, "Complete").getStatus()).isEqualTo("True");
    assertThat(condition(stored, "SuccessCriteriaMet").getStatus()).isEqualTo("True");
    assertThat(stored.getStatus().getSucceeded()).isEqualTo(2);
    assertThat(stored.getStatus().getCompletionTime()).isNotEmpty();
    assertThat(storedPods()).hasSize(2);
    assertThat(storedPods()).as("counted, so released").allSatisfy(p -> assertThat(JobTracking.tracked(p)).isFalse());

    await().atMost(TIMEOUT).until(() -> informers.informer(Pod.class).lister().list().stream()
        .noneMatch(JobTracking::tracked));
    int writes = api.writes().size();
    controller.sync(KEY);
    assertThat(api.writes()).as("a finished Job is left alone").hasSize(writes);
  }

  @Test
  void morefailedPodsThanTheBackoffLimitFailTheJob() throws Exception {
    Job job = api.seed(job(s -> s.setBackoffLimit(1)));
    failedPod(job, "a", clock.instant().minusSeconds(60));
    failedPod(job, "b", clock.instant().minusSeconds(30));
    start();

    controller.sync(KEY);

    Job stored = storedJob();
    assertThat(condition(stored, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(condition(stored, "Failed").getMessage()).isEqualTo("Job has reached the specified backoff limit");
    assertThat(condition(stored, "FailureTarget").getStatus()).isEqualTo("True");
    assertThat(stored.getStatus().getFailed()).isEqualTo(2);
    assertThat(storedPods()).as("no pod after the last failure").hasSize(2);
  }

  @Test
  void aNewPodWaitsOutTheBackoffDoubledPerFailure() throws Exception {
    Job job = api.seed(job(s -> s));
    failedPod(job, "a", clock.instant().minusSeconds(5));
    failedPod(job, "b", clock.instant().minusSeconds(1));
    start();

    controller.sync(KEY);
    assertThat(storedPods()).as("two failures: 20 s after the last").hasSize(2);

    clock.advance(Duration.ofSeconds(20));
    awaitCachedJob();
    controller.sync(KEY);
    assertThat(storedPods()).hasSize(3);
    assertThat(storedJob().getStatus().getFailed()).isEqualTo(2);
  }

  @Test
  void backoffIsTenSecondsDoubledAndCappedAtSixMinutes() {
    JobConfig c = JobConfig.defaults();
    assertThat(JobBackoff.delay(c, 0)).isZero();
    assertThat(JobBackoff.delay(c, 1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(JobBackoff.delay(c, 3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(JobBackoff.delay(c, 6)).isEqualTo(Duration.ofSeconds(320));
    assertThat(JobBackoff.delay(c, 7)).isEqualTo(Duration.ofMinutes(6));
    assertThat(JobBackoff.delay(c, 50)).isEqualTo(Duration.ofMinutes(6));
  }

  @Test
  void onFailureRestartsCountTowardsTheBackoffLimit() throws Exception {
    Job job = api.seed(job(s -> s.setBackoffLimit(2).setTemplate(s.getTemplate().toBuilder()
        .setSpec(s.getTemplate().getSpec().toBuilder().setRestartPolicy("OnFailure")))));
    api.seed(withRestarts(readySince(jobPod(job, "a"), clock.instant()), 2));
    start();

    controller.sync(KEY);

    assertThat(condition(storedJob(), "FailureTarget").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(storedPods()).as("the running pod is deleted").isEmpty();
  }

  @Test
  void anIndexedJobGivesEachPodItsIndexAndSkipsSucceededOnes() throws Exception {
    Job job = api.seed(job(s -> s.setCompletions(3).setParallelism(3).setCompletionMode("Indexed")));
    Pod done = jobPod(job, "pi-1-abcde");
    api.seed(inPhase(done.toBuilder().setMetadata(done.getMetadata().toBuilder()
        .putAnnotations(JobPods.COMPLETION_INDEX_ANNOTATION, "1")).build(), "Succeeded"));
    start();

    controller.sync(KEY);

    List<Pod> created = storedPods().stream().filter(p -> !p.getMetadata().getName().equals("pi-1-abcde")).toList();
    assertThat(created).extracting(p -> p.getMetadata().getAnnotationsOrThrow(JobPods.COMPLETION_INDEX_ANNOTATION))
        .containsExactlyInAnyOrder("0", "2");
    for (Pod p : created) {
      String index = p.getMetadata().getAnnotationsOrThrow(JobPods.COMPLETION_INDEX_ANNOTATION);
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("pi-" + index + "-");
      assertThat(p.getSpec().getHostname()).isEqualTo("pi-" + index);
      assertThat(p.getMetadata().getLabelsMap()).containsEntry(JobPods.COMPLETION_INDEX_ANNOTATION, index);
      assertThat(p.getSpec().getContainers(0).getEnvList()).anySatisfy(e -> {
        assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX");
        assertThat(e.getValueFrom().getFieldRef().getFieldPath())
            .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
      });
    }
    assertThat(storedJob().getStatus().getCompletedIndexes()).isEqualTo("1");
  }

  @Test
  void completedIndexesAreWrittenAsIntervals() {
    assertThat(CompletedIndexes.format(new java.util.TreeSet<>(List.of(1, 3, 4, 5, 7)))).isEqualTo("1,3-5,7");
    assertThat(CompletedIndexes.parse("1,3-5,7")).containsExactly(1, 3, 4, 5, 7);
    assertThat(CompletedIndexes.format(new java.util.TreeSet<>())).isEmpty();
  }

  @Test
  void suspendingDeletesActivePodsAndSaysSo() throws Exception {
    Job job = api.seed(job(s -> s.setParallelism(2).setCompletions(4).setSuspend(true)));
    podOf(job, "a", "Running");
    podOf(job, "b", "Pending");
    start();

    controller.sync(KEY);

    assertThat(storedPods()).isEmpty();
    JobCondition suspended = condition(storedJob(), "Suspended");
    assertThat(suspended.getStatus()).isEqualTo("True");
    assertThat(suspended.getReason()).isEqualTo("JobSuspended");
    assertThat(storedJob().getStatus().getActive()).isZero();
    assertThat(storedJob().getStatus().getFailed()).as("pods the Job itself deletes are no failures").isZero();
    assertThat(api.writes().indexOf("patch pods " + NS + "/a")).as("the finalizer goes before the delete")
        .isLessThan(api.writes().indexOf("delete pods " + NS + "/a")).isNotNegative();
  }

  @Test
  void pastTheActiveDeadlineActivePodsGoAndTheJobFails() throws Exception {
    Job seeded = job(s -> s.setActiveDeadlineSeconds(10));
    Job job = api.seed(seeded.toBuilder().setStatus(JobStatus.newBuilder()
        .setStartTime(Times.format(clock.instant().minusSeconds(11)))).build());
    podOf(job, "a", "Running");
    start();

    controller.sync(KEY);
    assertThat(storedPods()).isEmpty();
    assertThat(condition(storedJob(), "FailureTarget").getReason()).isEqualTo("DeadlineExceeded");

    await().atMost(TIMEOUT).until(() -> informers.informer(Pod.class).lister().list().isEmpty()
        && informers.informer(Job.class).lister().get(KEY).orElseThrow().getStatus().getConditionsCount() > 0);
    controller.sync(KEY);
    JobCondition failed = condition(storedJob(), "Failed");
    assertThat(failed.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(failed.getMessage()).isEqualTo("Job was active longer than specified deadline");
  }

  @Test
  void aFailJobRuleFailsTheJobAtTheFirstMatchingPod() throws Exception {
    Job job = api.seed(job(s -> s.setPodFailurePolicy(PodFailurePolicy.newBuilder()
        .addRules(PodFailurePolicyRule.newBuilder().setAction("Ignore").setOnExitCodes(
            PodFailurePolicyOnExitCodesRequirement.newBuilder().setOperator("In").addValues(3)))
        .addRules(PodFailurePolicyRule.newBuilder().setAction("FailJob").setOnExitCodes(
            PodFailurePolicyOnExitCodesRequirement.newBuilder().setOperator("In").addValues(42))))));
    api.seed(finished(jobPod(job, "ignored"), "Failed", 3, clock.instant().minusSeconds(30)));
    start();

    controller.sync(KEY);
    assertThat(storedJob().getStatus().getFailed()).as("an ignored failure counts for nothing").isZero();
    assertThat(storedPods()).as("and needs no backoff").hasSize(2);

    api.seed(finished(jobPod(job, "fatal"), "Failed", 42, clock.instant()));
    awaitCachedPods(3);
    controller.sync(KEY);
    assertThat(condition(storedJob(), "FailureTarget").getReason()).isEqualTo("PodFailurePolicy");
  }

  @Test
  void newPodsCarryTheJobTrackingFinalizer() throws Exception {
    api.seed(job(s -> s.setCompletions(3).setParallelism(2)));
    start();

    controller.sync(KEY);

    assertThat(storedPods()).hasSize(2).allSatisfy(p ->
        assertThat(p.getMetadata().getFinalizersList()).containsExactly("batch.kubernetes.io/job-tracking"));
  }

  @Test
  void aSucceededPodIsRecordedBeforeItsFinalizerGoesAndStillCountsOnceDeleted() throws Exception {
    Job job = api.seed(job(s -> s.setCompletions(3)));
    podOf(job, "a", "Succeeded");
    start();

    controller.sync(KEY);

    List<String> writes = api.writes();
    int recorded = writes.stream().filter(w -> w.endsWith("jobs " + KEY)).map(writes::indexOf).findFirst().orElseThrow();
    assertThat(recorded).as("the UID is recorded in the status before the finalizer goes")
        .isLessThan(writes.indexOf("patch pods " + NS + "/a"));
    JobStatus status = storedJob().getStatus();
    assertThat(status.getSucceeded()).isEqualTo(1);
    assertThat(status.getUncountedTerminatedPods().getSucceededCount()).isZero();
    assertThat(JobTracking.tracked(client(api).resource(Pod.class).get(NS, "a"))).isFalse();
    assertThat(status.getActive()).isEqualTo(1);

    controller.sync(KEY);
    assertThat(storedJob().getStatus().getSucceeded()).as("the cache may still show the finalizer: counted once")
        .isEqualTo(1);

    client(api).resource(Pod.class).delete(NS, "a");
    awaitCachedPods(1);
    controller.sync(KEY);
    assertThat(storedJob().getStatus().getSucceeded()).as("a counted pod may go").isEqualTo(1);
    assertThat(storedPods()).as("and is not run again").hasSize(1);
  }

  @Test
  void aTrackedPodDeletedBeforeItFinishedCountsAsFailed() throws Exception {
    Job job = api.seed(job(s -> s.setCompletions(2)));
    Pod running = inPhase(jobPod(job, "a"), "Running");
    api.seed(running.toBuilder().setMetadata(running.getMetadata().toBuilder()
        .setDeletionTimestamp(Times.format(clock.instant()))).build());
    start();

    controller.sync(KEY);

    assertThat(storedJob().getStatus().getFailed()).isEqualTo(1);
    assertThat(storedJob().getStatus().getTerminating()).isEqualTo(1);
    assertThat(JobTracking.tracked(client(api).resource(Pod.class).get(NS, "a"))).isFalse();
  }

  @Test
  void aRecordedUidWhosePodIsGoneIsCounted() throws Exception {
    // The controller stopped after recording the UID and removing the finalizer, before counting it.
    Job seeded = job(s -> s.setCompletions(2));
    api.seed(seeded.toBuilder().setStatus(JobStatus.newBuilder().setUncountedTerminatedPods(
        io.kava.api.batch.v1.UncountedTerminatedPods.newBuilder().addSucceeded("gone-uid").addFailed("gone-too")))
        .build());
    start();

    controller.sync(KEY);

    JobStatus status = storedJob().getStatus();
    assertThat(status.getSucceeded()).isEqualTo(1);
    assertThat(status.getFailed()).isEqualTo(1);
    assertThat(status.getUncountedTerminatedPods().getSucceededCount() + status.getUncountedTerminatedPods()
        .getFailedCount()).isZero();
  }

  @Test
  void thePodsOfADeletedJobLoseTheFinalizer() throws Exception {
    Job gone = job(s -> s);
    api.seed(inPhase(jobPod(gone, "a"), "Running"));
    start();

    controller.sync(KEY);

    assertThat(JobTracking.tracked(client(api).resource(Pod.class).get(NS, "a"))).isFalse();
  }
}
