package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.PodFailurePolicy;
import io.kava.api.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.kava.api.batch.v1.PodFailurePolicyRule;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs and CronJobs through the API: upstream's defaults, and field errors that store nothing. */
class BatchApiTest {
  private InProcessApi api;

  @BeforeEach
  void start() {
    api = new InProcessApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private ApiException refusedCronJob(UnaryOperator<CronJob.Builder> change) {
    CronJob bad = change.apply(Fixtures.cronJob("default", "cj").toBuilder()).build();
    int writes = api.storage.writes();
    ApiException e = catchThrowableOfType(ApiException.class, () -> api.client.resource(CronJob.class).create(bad));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(api.storage.writes()).as("nothing stored").isEqualTo(writes);
    return e;
  }

  private ApiException refusedJob(UnaryOperator<Job.Builder> change) {
    Job bad = change.apply(Fixtures.job("default", "j").toBuilder()).build();
    int writes = api.storage.writes();
    ApiException e = catchThrowableOfType(ApiException.class, () -> api.client.resource(Job.class).create(bad));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(api.storage.writes()).as("nothing stored").isEqualTo(writes);
    return e;
  }

  @Test
  void aCronJobGetsUpstreamsDefaults() {
    CronJob cj = api.client.resource(CronJob.class).create(Fixtures.cronJob("default", "cj"));
    assertThat(cj.getSpec().getConcurrencyPolicy()).isEqualTo("Allow");
    assertThat(cj.getSpec().getSuspend()).isFalse();
    assertThat(cj.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(cj.getSpec().getFailedJobsHistoryLimit()).isEqualTo(1);
    assertThat(cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
  }

  @Test
  void aJobGetsItsSelectorAndLabelsInBothForms() {
    Job job = api.client.resource(Job.class).create(Fixtures.job("default", "j"));
    String uid = job.getMetadata().getUid();
    assertThat(job.getSpec().getSelector().getMatchLabelsMap()).containsExactly(
        java.util.Map.entry("batch.kubernetes.io/controller-uid", uid));
    assertThat(job.getSpec().getTemplate().getMetadata().getLabelsMap()).containsEntry("controller-uid", uid)
        .containsEntry("batch.kubernetes.io/controller-uid", uid).containsEntry("job-name", "j")
        .containsEntry("batch.kubernetes.io/job-name", "j");
    assertThat(job.getSpec().getParallelism()).isEqualTo(1);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
    assertThat(job.getSpec().getSuspend()).isFalse();
  }

  @Test
  void anInvalidScheduleNamesSpecSchedule() {
    assertThat(refusedCronJob(b -> b.setSpec(b.getSpec().toBuilder().setSchedule("61 * * * *"))).getMessage())
        .isEqualTo("CronJob.batch \"cj\" is invalid: spec.schedule: Invalid value: \"61 * * * *\": "
            + "end of range (61) above maximum (59): 61");
    assertThat(refusedCronJob(b -> b.setSpec(b.getSpec().toBuilder().setSchedule("CRON_TZ=UTC 0 * * * *")))
        .causes()).extracting(c -> c.getField()).containsExactly("spec.schedule");
    assertThat(refusedCronJob(b -> b.setSpec(b.getSpec().toBuilder().setTimeZone("Mars/Olympus")))
        .causes()).extracting(c -> c.getField()).containsExactly("spec.timeZone");
    assertThat(refusedCronJob(b -> b.setSpec(b.getSpec().toBuilder().setConcurrencyPolicy("Sometimes")))
        .causes()).extracting(c -> c.getField()).containsExactly("spec.concurrencyPolicy");
  }

  @Test
  void aCronJobsTemplateIsValidatedAsAJob() {
    ApiException e = refusedCronJob(b -> b.setSpec(b.getSpec().toBuilder().setJobTemplate(
        b.getSpec().getJobTemplate().toBuilder().setSpec(b.getSpec().getJobTemplate().getSpec().toBuilder()
            .setCompletions(-1).setSelector(LabelSelector.newBuilder().putMatchLabels("a", "b"))))));
    assertThat(e.causes()).extracting(c -> c.getField())
        .containsExactlyInAnyOrder("spec.jobTemplate.spec.selector", "spec.jobTemplate.spec.completions");
  }

  @Test
  void badJobsNameTheirFields() {
    assertThat(refusedJob(b -> b.setSpec(b.getSpec().toBuilder().setCompletions(-1).setParallelism(-2))).causes())
        .extracting(c -> c.getField()).containsExactlyInAnyOrder("spec.completions", "spec.parallelism");
    ApiException always = refusedJob(b -> b.setSpec(b.getSpec().toBuilder().setTemplate(b.getSpec().getTemplate().toBuilder()
        .setSpec(b.getSpec().getTemplate().getSpec().toBuilder().setRestartPolicy("Always")))));
    assertThat(always.getMessage()).contains("spec.template.spec.restartPolicy: Unsupported value: \"Always\"");
    assertThat(refusedJob(b -> b.setSpec(b.getSpec().toBuilder().setCompletionMode("Indexed").setParallelism(2))).causes())
        .extracting(c -> c.getField()).containsExactly("spec.completions");
    assertThat(refusedJob(b -> b.setSpec(b.getSpec().toBuilder().setManualSelector(true)
        .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "other")))).causes())
        .extracting(c -> c.getField()).containsExactly("spec.template.metadata.labels");
    assertThat(refusedJob(b -> b.setSpec(b.getSpec().toBuilder().setPodFailurePolicy(PodFailurePolicy.newBuilder()
        .addRules(PodFailurePolicyRule.newBuilder().setAction("Explode").setOnExitCodes(
            PodFailurePolicyOnExitCodesRequirement.newBuilder().setOperator("In").addValues(42)))))).causes())
        .extracting(c -> c.getField()).containsExactly("spec.podFailurePolicy.rules[0].action");
  }

  @Test
  void aJobsTemplateIsImmutable() {
    Job job = api.client.resource(Job.class).create(Fixtures.job("default", "j"));
    var spec = job.getSpec().toBuilder();
    spec.getTemplateBuilder().getSpecBuilder().getContainersBuilder(0).setImage("other");
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> api.client.resource(Job.class).update(job.toBuilder().setSpec(spec).build()));
    assertThat(e.causes()).extracting(c -> c.getField()).contains("spec.template");
  }
}
