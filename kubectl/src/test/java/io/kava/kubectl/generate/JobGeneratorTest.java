package io.kava.kubectl.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.kubectl.CliException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `kubectl create job` and `create cronjob` build, checked against kubectl 1.32 --dry-run=client -o yaml. */
class JobGeneratorTest {
  @Test
  void aJobRunsItsCommandOnceWithRestartNever() {
    Job job = JobGenerator.job("pi", "perl", List.of("perl", "-e", "print 1"));
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers(0).getName()).isEqualTo("pi");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers(0).getCommandList()).containsExactly("perl", "-e", "print 1");
  }

  @Test
  void aCronJobRestartsOnFailureAndNamesItsTemplate() {
    CronJob cj = JobGenerator.cronJob("hello", "busybox", "*/1 * * * *", "OnFailure", List.of("date"));
    assertThat(cj.getSpec().getSchedule()).isEqualTo("*/1 * * * *");
    assertThat(cj.getSpec().getJobTemplate().getMetadata().getName()).isEqualTo("hello");
    assertThat(cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
    assertThatThrownBy(() -> JobGenerator.cronJob("hello", "busybox", "", "OnFailure", List.of()))
        .isInstanceOf(CliException.class).hasMessageContaining("--schedule must be specified");
  }

  @Test
  void aJobFromACronJobIsOwnedByItAndMarkedManual() {
    CronJob cj = JobGenerator.cronJob("hello", "busybox", "@hourly", "OnFailure", List.of("date")).toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("hello").setUid("u-1")).build();
    Job job = JobGenerator.fromCronJob("hello-now", cj);
    assertThat(job.getMetadata().getAnnotationsMap()).containsEntry("cronjob.kubernetes.io/instantiate", "manual");
    assertThat(job.getMetadata().getOwnerReferences(0).getKind()).isEqualTo("CronJob");
    assertThat(job.getMetadata().getOwnerReferences(0).getUid()).isEqualTo("u-1");
    assertThat(job.getMetadata().getOwnerReferences(0).getController()).isTrue();
    assertThat(job.getSpec()).isEqualTo(cj.getSpec().getJobTemplate().getSpec());
  }
}
