package io.kava.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobCondition;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs and CronJobs on real processes and real Docker, all started at once on one cluster so the class
 * takes as long as its slowest scenario: the documentation's pi Job (its manifest unchanged; the
 * image perl:5.34.0 is a local stand-in whose "perl" prints pi with busybox bc, whatever its
 * arguments), 5 completions at parallelism 2 (a pod watch records the most pods active at once), a
 * container exiting 1 (backoffLimit 2: Failed with BackoffLimitExceeded after exactly 3 pods; the
 * controller manager's --job-pod-failure-backoff is 1s), an Indexed Job whose pods print their own
 * JOB_COMPLETION_INDEX, and a CronJob every minute with Forbid on a controller clock sped up 20 times
 * (--cronjob-controller-time-scale: a minute passes in 3 s).
 */
class JobsIT {
  private static final String NS = "default";
  private static final Duration CONVERGE = Duration.ofSeconds(75);
  private static final String TRACKING = "batch.kubernetes.io/job-tracking";
  private static final String SLEEPER_JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata: {name: sleeper}
      spec:
        template:
          spec:
            terminationGracePeriodSeconds: 1
            containers: [{name: sleep, image: busybox, command: ["sleep", "3600"]}]
            restartPolicy: Never
      """;
  private static final String PERL_IMAGE = "perl:5.34.0";

  private static final String PI_JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: pi
      spec:
        template:
          spec:
            containers:
            - name: pi
              image: perl:5.34.0
              command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
            restartPolicy: Never
        backoffLimit: 4
      """;

  private static final String FIVE_JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: five
      spec:
        completions: 5
        parallelism: 2
        template:
          spec:
            containers:
            - name: work
              image: busybox
              command: ["sh", "-c", "sleep 1"]
            restartPolicy: Never
      """;

  private static final String FAILING_JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: fails
      spec:
        backoffLimit: 2
        template:
          spec:
            containers:
            - name: work
              image: busybox
              command: ["sh", "-c", "exit 1"]
            restartPolicy: Never
      """;

  private static final String INDEXED_JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: indexed
      spec:
        completions: 3
        parallelism: 3
        completionMode: Indexed
        template:
          spec:
            containers:
            - name: work
              image: busybox
              command: ["sh", "-c", "echo index=$JOB_COMPLETION_INDEX host=$(hostname)"]
            restartPolicy: Never
      """;

  private static final String CRON_JOB = """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: tick
      spec:
        schedule: "*/1 * * * *"
        concurrencyPolicy: Forbid
        successfulJobsHistoryLimit: 2
        jobTemplate:
          spec:
            template:
              spec:
                containers:
                - name: tick
                  image: busybox
                  command: ["sh", "-c", "sleep 4"]
                restartPolicy: OnFailure
      """;

  private static TestCluster cluster;
  private static KavaClient client;
  private static boolean taggedPerl;
  private static final Map<String, Boolean> fiveActive = new ConcurrentHashMap<>();
  private static final AtomicInteger mostFiveActive = new AtomicInteger();
  private static final Set<String> tickJobsSeen = ConcurrentHashMap.newKeySet();
  private static final Map<String, Boolean> tickRunning = new ConcurrentHashMap<>();
  private static final AtomicInteger mostTicksRunning = new AtomicInteger();
  private static Watch podWatch;
  private static Watch jobWatch;

  @BeforeAll
  static void startCluster() throws Exception {
    taggedPerl = PerlStandIn.build(PERL_IMAGE);
    cluster = new TestCluster().withControllerManagerArgs("--job-pod-failure-backoff", "1s",
        "--cronjob-controller-time-scale", "20").start();
    client = cluster.client();
    podWatch = client.resource(Pod.class).watch(ListOptions.inNamespace(NS).withLabelSelector("job-name=five"), "",
        listener(pod -> {
          String phase = pod.object().getStatus().getPhase();
          boolean active = pod.type() != WatchEvent.Type.DELETED && !phase.equals("Succeeded") && !phase.equals("Failed")
              && pod.object().getMetadata().getDeletionTimestamp().isEmpty();
          fiveActive.put(pod.object().getMetadata().getName(), active);
          mostFiveActive.accumulateAndGet((int) fiveActive.values().stream().filter(b -> b).count(), Math::max);
        }));
    jobWatch = client.resource(Job.class).watch(ListOptions.inNamespace(NS), "", listener(e -> {
      Job job = e.object();
      if (!job.getMetadata().getName().startsWith("tick-")) {
        return;
      }
      tickJobsSeen.add(job.getMetadata().getName());
      tickRunning.put(job.getMetadata().getName(), e.type() != WatchEvent.Type.DELETED && !finished(job));
      mostTicksRunning.accumulateAndGet((int) tickRunning.values().stream().filter(b -> b).count(), Math::max);
    }));
    Workloads workloads = new Workloads(client);
    for (String manifest : List.of(PI_JOB, FIVE_JOB, FAILING_JOB, INDEXED_JOB, CRON_JOB)) {
      workloads.create(manifest);
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (Watch w : new Watch[] {podWatch, jobWatch}) {
      if (w != null) {
        w.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
    if (taggedPerl) {
      PerlStandIn.remove(PERL_IMAGE);
    }
  }

  private static <T> WatchListener<T> listener(java.util.function.Consumer<WatchEvent<T>> onEvent) {
    return new WatchListener<>() {
      @Override
      public void onEvent(WatchEvent<T> event) {
        if (event.type() != WatchEvent.Type.BOOKMARK) {
          onEvent.accept(event);
        }
      }

      @Override
      public void onClose(ApiException error) {}
    };
  }

  private static boolean finished(Job job) {
    return job.getStatus().getConditionsList().stream().anyMatch(c ->
        (c.getType().equals("Complete") || c.getType().equals("Failed")) && c.getStatus().equals("True"));
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    return job.getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  private static Job awaitFinished(String name) {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250))
        .until(() -> client.resource(Job.class).get(NS, name), JobsIT::finished);
  }

  private static List<Pod> podsOf(String job) {
    return client.resource(Pod.class).list(ListOptions.inNamespace(NS).withLabelSelector("job-name=" + job)).items();
  }

  private static String kavactl(String... args) {
    try (KavactlRun run = KavactlRun.capturing(cluster.adminConfig())) {
      int code = run.run(args);
      assertThat(code).as("kavactl %s: %s", String.join(" ", args), run.err()).isZero();
      return run.out();
    }
  }

  @Test
  void theDocsPiJobCompletes() {
    Job pi = awaitFinished("pi");
    assertThat(condition(pi, "Complete")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(pi.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(kavactl("logs", "job/pi")).startsWith("3.14159265358979");
    assertThat(kavactl("get", "jobs", "pi")).matches("(?s)NAME +STATUS +COMPLETIONS +DURATION +AGE\npi +Complete +1/1 .*");
    assertThat(kavactl("wait", "--for=condition=complete", "job/pi", "--timeout=5s")).contains("job.batch/pi condition met");
  }

  @Test
  void fiveCompletionsNeverRunMoreThanTwoAtOnce() {
    Job five = awaitFinished("five");
    assertThat(condition(five, "Complete")).isPresent();
    assertThat(five.getStatus().getSucceeded()).isEqualTo(5);
    assertThat(podsOf("five")).hasSize(5).allMatch(p -> p.getStatus().getPhase().equals("Succeeded"))
        .as("each counted, so released").allMatch(p -> !p.getMetadata().getFinalizersList().contains(TRACKING));
    assertThat(five.getStatus().getUncountedTerminatedPods().getSucceededCount()).isZero();
    assertThat(mostFiveActive.get()).as("most pods active at once").isEqualTo(2);
  }

  @Test
  void aRunningJobsPodsHoldTheTrackingFinalizerAndGoWithTheJob() {
    new Workloads(client).create(SLEEPER_JOB);
    Pod running = await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250))
        .until(() -> podsOf("sleeper"), pods -> pods.size() == 1 && pods.get(0).getStatus().getPhase().equals("Running"))
        .get(0);
    assertThat(running.getMetadata().getFinalizersList()).contains(TRACKING);

    assertThat(kavactl("delete", "job", "sleeper")).contains("job.batch \"sleeper\" deleted");
    // The Job controller releases a deleted Job's pods, so the garbage collector's delete completes.
    await("sleeper's pods gone").atMost(CONVERGE).pollInterval(Duration.ofMillis(250))
        .until(() -> podsOf("sleeper").isEmpty());
  }

  @Test
  void aFailingContainerFailsTheJobAfterBackoffLimitPlusOnePods() {
    Job fails = awaitFinished("fails");
    JobCondition failed = condition(fails, "Failed").orElseThrow();
    assertThat(failed.getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(fails.getStatus().getFailed()).isEqualTo(3);
    assertThat(podsOf("fails")).hasSize(3).allMatch(p -> p.getStatus().getPhase().equals("Failed"));
    assertThat(kavactl("get", "jobs", "fails")).contains("Failed");
  }

  @Test
  void eachIndexedPodSeesItsOwnIndex() {
    Job indexed = awaitFinished("indexed");
    assertThat(indexed.getStatus().getCompletedIndexes()).isEqualTo("0-2");
    List<Pod> pods = podsOf("indexed");
    assertThat(pods).hasSize(3);
    for (Pod pod : pods) {
      String index = pod.getMetadata().getAnnotationsOrThrow("batch.kubernetes.io/job-completion-index");
      assertThat(kavactl("logs", pod.getMetadata().getName())).isEqualTo("index=" + index + " host=indexed-" + index + "\n");
    }
  }

  @Test
  void aForbidCronJobStartsJobsOneAtATimeAndKeepsItsHistory() {
    // Four Jobs of a 4 s command on a schedule every 3 s: only Forbid keeps them from overlapping.
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).until(() -> tickJobsSeen.size() >= 4);
    assertThat(mostTicksRunning.get()).as("Jobs running at once").isEqualTo(1);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      List<Job> kept = client.resource(Job.class).list(ListOptions.inNamespace(NS)).items().stream()
          .filter(j -> j.getMetadata().getName().startsWith("tick-") && finished(j)).toList();
      assertThat(kept).as("finished Jobs kept").hasSizeLessThanOrEqualTo(2).isNotEmpty();
    });
    CronJob tick = client.resource(CronJob.class).get(NS, "tick");
    assertThat(tick.getStatus().getLastScheduleTime()).isNotEmpty();
    assertThat(tick.getStatus().getLastSuccessfulTime()).isNotEmpty();
    assertThat(kavactl("get", "cronjobs")).matches(
        "(?s)NAME +SCHEDULE +TIMEZONE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE\ntick +\\*/1 \\* \\* \\* \\* +<none> +False .*");
  }
}
