package io.kava.kubectl.generate;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.CronJobSpec;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.batch.v1.JobTemplateSpec;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.kubectl.CliException;
import java.util.List;

/** The objects of `kubectl create job` and `kubectl create cronjob` (upstream create_job.go, create_cronjob.go). */
public final class JobGenerator {
  /** kubectl marks a Job started by hand from a CronJob with this annotation. */
  public static final String INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate";

  private JobGenerator() {}

  public static Job job(String name, String image, List<String> command) {
    return Job.newBuilder().setApiVersion("batch/v1").setKind("Job").setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(JobSpec.newBuilder().setTemplate(template(name, image, command, "Never"))).build();
  }

  /** A Job from the CronJob's template, owned by the CronJob, annotated "manual" as kubectl does. */
  public static Job fromCronJob(String name, CronJob cj) {
    ObjectMeta template = cj.getSpec().getJobTemplate().getMetadata();
    ObjectMeta meta = ObjectMeta.newBuilder().setName(name).putAnnotations(INSTANTIATE_ANNOTATION, "manual")
        .putAllAnnotations(template.getAnnotationsMap()).putAllLabels(template.getLabelsMap())
        .addOwnerReferences(OwnerReference.newBuilder().setApiVersion("batch/v1").setKind("CronJob")
            .setName(cj.getMetadata().getName()).setUid(cj.getMetadata().getUid()).setController(true))
        .build();
    return Job.newBuilder().setApiVersion("batch/v1").setKind("Job").setMetadata(meta)
        .setSpec(cj.getSpec().getJobTemplate().getSpec()).build();
  }

  public static CronJob cronJob(String name, String image, String schedule, String restart, List<String> command) {
    if (image == null || image.isEmpty()) {
      throw CliException.error("--image must be specified");
    }
    if (schedule == null || schedule.isEmpty()) {
      throw CliException.error("--schedule must be specified");
    }
    return CronJob.newBuilder().setApiVersion("batch/v1").setKind("CronJob").setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(CronJobSpec.newBuilder().setSchedule(schedule).setJobTemplate(JobTemplateSpec.newBuilder()
            .setMetadata(ObjectMeta.newBuilder().setName(name))
            .setSpec(JobSpec.newBuilder().setTemplate(template(name, image, command, restart))))).build();
  }

  private static PodTemplateSpec template(String name, String image, List<String> command, String restart) {
    return PodTemplateSpec.newBuilder().setSpec(PodSpec.newBuilder().setRestartPolicy(restart)
        .addContainers(Container.newBuilder().setName(name).setImage(image).addAllCommand(command))).build();
  }
}
