package io.kava.controllermanager.job;

import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobCondition;
import io.kava.api.batch.v1.JobStatus;
import java.util.Optional;

/** The Job conditions upstream writes and reads (pkg/controller/job: Complete, Failed, Suspended...). */
public final class JobConditions {
  static final String COMPLETE = "Complete";
  static final String FAILED = "Failed";
  static final String SUSPENDED = "Suspended";
  static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
  static final String FAILURE_TARGET = "FailureTarget";

  private JobConditions() {}

  static Optional<JobCondition> find(JobStatus status, String type) {
    return status.getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  static boolean isTrue(JobStatus status, String type) {
    return find(status, type).map(c -> c.getStatus().equals("True")).orElse(false);
  }

  /** Upstream IsJobFinished: Complete or Failed is True. */
  public static boolean isFinished(Job job) {
    return finishedCondition(job).isPresent();
  }

  /** The Complete or Failed condition that is True, if the Job has finished. */
  public static Optional<JobCondition> finishedCondition(Job job) {
    return job.getStatus().getConditionsList().stream()
        .filter(c -> (c.getType().equals(COMPLETE) || c.getType().equals(FAILED)) && c.getStatus().equals("True"))
        .findFirst();
  }

  static JobCondition condition(String type, String status, String reason, String message, String now) {
    return JobCondition.newBuilder().setType(type).setStatus(status).setReason(reason).setMessage(message)
        .setLastProbeTime(now).setLastTransitionTime(now).build();
  }

  /**
   * Sets a condition: a new one is appended, one whose status changes is replaced with a new
   * transition time, one with the same status keeps its times (upstream ensureJobConditionStatus).
   */
  static JobStatus.Builder ensure(JobStatus.Builder status, JobCondition wanted) {
    for (int i = 0; i < status.getConditionsCount(); i++) {
      JobCondition c = status.getConditions(i);
      if (c.getType().equals(wanted.getType())) {
        if (!c.getStatus().equals(wanted.getStatus())) {
          status.setConditions(i, wanted);
        }
        return status;
      }
    }
    if (wanted.getStatus().equals("True")) {
      status.addConditions(wanted);
    }
    return status;
  }
}
