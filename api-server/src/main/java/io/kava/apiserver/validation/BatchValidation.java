package io.kava.apiserver.validation;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.CronJobSpec;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.batch.v1.PodFailurePolicy;
import io.kava.api.batch.v1.PodFailurePolicyRule;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.cron.CronSchedule;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** CronJob and podFailurePolicy rules (upstream pkg/apis/batch/validation). */
public final class BatchValidation {
  /** Upstream: a CronJob's name leaves 11 characters for the "-<minutes>" suffix of its Jobs. */
  static final int MAX_CRON_JOB_NAME_LENGTH = 52;
  private static final String PLACEHOLDER_UID_LABEL = "kava.io/validation";

  private BatchValidation() {}

  public static List<FieldError> validateCronJob(CronJob cj) {
    List<FieldError> errs = new ArrayList<>();
    if (cj.getMetadata().getName().length() > MAX_CRON_JOB_NAME_LENGTH) {
      errs.add(FieldError.invalid("metadata.name", cj.getMetadata().getName(),
          "must be no more than " + MAX_CRON_JOB_NAME_LENGTH + " characters"));
    }
    CronJobSpec spec = cj.getSpec();
    validateSchedule(errs, spec);
    if (spec.hasStartingDeadlineSeconds()) {
      MetaValidation.nonNegative(errs, "spec.startingDeadlineSeconds", spec.getStartingDeadlineSeconds());
    }
    PodValidation.oneOf(errs, "spec.concurrencyPolicy", spec.getConcurrencyPolicy(), List.of("Allow", "Forbid", "Replace"));
    if (spec.hasSuccessfulJobsHistoryLimit()) {
      MetaValidation.nonNegative(errs, "spec.successfulJobsHistoryLimit", spec.getSuccessfulJobsHistoryLimit());
    }
    if (spec.hasFailedJobsHistoryLimit()) {
      MetaValidation.nonNegative(errs, "spec.failedJobsHistoryLimit", spec.getFailedJobsHistoryLimit());
    }
    validateJobTemplate(errs, spec);
    return errs;
  }

  public static List<FieldError> validateCronJobUpdate(CronJob cj, CronJob old) {
    return validateCronJob(cj);
  }

  private static void validateSchedule(List<FieldError> errs, CronJobSpec spec) {
    String schedule = spec.getSchedule();
    if (schedule.isEmpty()) {
      errs.add(FieldError.required("spec.schedule", ""));
    } else if (schedule.contains("TZ") && spec.hasTimeZone()) {
      errs.add(FieldError.invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
    } else {
      try {
        CronSchedule.parse(schedule);
      } catch (IllegalArgumentException e) {
        errs.add(FieldError.invalid("spec.schedule", schedule, e.getMessage()));
      }
    }
    if (spec.hasTimeZone()) {
      String tz = spec.getTimeZone();
      if (tz.isEmpty()) {
        errs.add(FieldError.invalid("spec.timeZone", tz, "timeZone must be nil or non-empty string"));
      } else if (tz.equalsIgnoreCase("Local")) {
        errs.add(FieldError.invalid("spec.timeZone", tz,
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
      } else if (!ZoneId.getAvailableZoneIds().contains(tz)) {
        errs.add(FieldError.invalid("spec.timeZone", tz, "unknown time zone " + tz));
      }
    }
  }

  /** The template is validated as a Job would be, with the selector the Job will get generated for it. */
  private static void validateJobTemplate(List<FieldError> errs, CronJobSpec spec) {
    JobSpec job = spec.getJobTemplate().getSpec();
    String prefix = "spec.jobTemplate.spec";
    if (job.hasSelector()) {
      errs.add(FieldError.invalid(prefix + ".selector", job.getSelector(), "`selector` will be auto-generated"));
    }
    if (job.hasManualSelector() && job.getManualSelector()) {
      errs.add(FieldError.notSupported(prefix + ".manualSelector", true, List.of("nil", "false")));
    }
    var template = job.getTemplate().toBuilder();
    template.getMetadataBuilder().putLabels(PLACEHOLDER_UID_LABEL, "x");
    JobSpec generated = job.toBuilder().setTemplate(template)
        .setSelector(LabelSelector.newBuilder().putMatchLabels(PLACEHOLDER_UID_LABEL, "x")).build();
    if (!job.hasTemplate()) {
      generated = generated.toBuilder().clearTemplate().build();
    }
    for (FieldError e : WorkloadValidation.validateJob(Job.newBuilder().setMetadata(ObjectMeta.getDefaultInstance())
        .setSpec(generated).build())) {
      errs.add(new FieldError(e.type(), prefix + e.field().substring("spec".length()), e.badValue(), e.hasValue(),
          e.detail()));
    }
  }

  /** Upstream validatePodFailurePolicy: known actions and operators, and restartPolicy Never. */
  static void validatePodFailurePolicy(List<FieldError> errs, JobSpec spec) {
    if (!spec.hasPodFailurePolicy()) {
      return;
    }
    PodFailurePolicy policy = spec.getPodFailurePolicy();
    String path = "spec.podFailurePolicy.rules";
    if (!spec.getTemplate().getSpec().getRestartPolicy().equals("Never")) {
      errs.add(FieldError.invalid("spec.template.spec.restartPolicy", spec.getTemplate().getSpec().getRestartPolicy(),
          "only \"Never\" is supported when podFailurePolicy is specified"));
    }
    for (int i = 0; i < policy.getRulesCount(); i++) {
      PodFailurePolicyRule rule = policy.getRules(i);
      String p = path + "[" + i + "]";
      PodValidation.oneOf(errs, p + ".action", rule.getAction(), List.of("FailJob", "Ignore", "Count"));
      boolean exitCodes = rule.hasOnExitCodes();
      boolean conditions = rule.getOnPodConditionsCount() > 0;
      if (exitCodes == conditions) {
        errs.add(FieldError.invalid(p, "", "specifying one of onExitCodes and onPodConditions is required"));
      }
      if (exitCodes) {
        PodValidation.oneOf(errs, p + ".onExitCodes.operator", rule.getOnExitCodes().getOperator(), List.of("In", "NotIn"));
        if (rule.getOnExitCodes().getValuesCount() == 0) {
          errs.add(FieldError.invalid(p + ".onExitCodes.values", "[]", "at least one value is required"));
        }
        if (rule.getOnExitCodes().getOperator().equals("In") && rule.getOnExitCodes().getValuesList().contains(0)) {
          errs.add(FieldError.invalid(p + ".onExitCodes.values", 0, "must not be 0 for the In operator"));
        }
      }
      for (int j = 0; j < rule.getOnPodConditionsCount(); j++) {
        PodValidation.oneOf(errs, p + ".onPodConditions[" + j + "].status", rule.getOnPodConditions(j).getStatus(),
            List.of("True", "False", "Unknown"));
      }
    }
  }
}
