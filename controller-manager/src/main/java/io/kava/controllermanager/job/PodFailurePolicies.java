package io.kava.controllermanager.job;

import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.kava.api.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.kava.api.batch.v1.PodFailurePolicyRule;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodCondition;
import io.kava.client.ApiObjects;
import java.util.Optional;

/** Upstream matchPodFailurePolicy: the first rule that matches a failed pod decides what it means. */
final class PodFailurePolicies {
  static final String FAIL_JOB = "FailJob";
  static final String IGNORE = "Ignore";
  static final String COUNT = "Count";

  /** The action for a failed pod and, for FailJob, the message the Job's condition carries. */
  record Decision(String action, String message) {}

  private PodFailurePolicies() {}

  static Decision decide(Job job, Pod pod) {
    if (!job.getSpec().hasPodFailurePolicy()) {
      return new Decision(COUNT, "");
    }
    var rules = job.getSpec().getPodFailurePolicy().getRulesList();
    for (int i = 0; i < rules.size(); i++) {
      PodFailurePolicyRule rule = rules.get(i);
      Optional<String> matched = rule.hasOnExitCodes() ? exitCodes(rule.getOnExitCodes(), pod)
          : podConditions(rule, pod);
      if (matched.isPresent()) {
        String message = matched.get() + " for pod " + ApiObjects.key(pod) + " failed with " + "matching "
            + rule.getAction() + " rule at index " + i;
        return new Decision(rule.getAction(), message);
      }
    }
    return new Decision(COUNT, "");
  }

  private static Optional<String> exitCodes(PodFailurePolicyOnExitCodesRequirement req, Pod pod) {
    for (ContainerStatus cs : pod.getStatus().getContainerStatusesList()) {
      if (req.hasContainerName() && !req.getContainerName().equals(cs.getName())) {
        continue;
      }
      if (!cs.getState().hasTerminated()) {
        continue;
      }
      int code = cs.getState().getTerminated().getExitCode();
      if (code == 0) {
        continue;
      }
      boolean in = req.getValuesList().contains(code);
      if (in == req.getOperator().equals("In")) {
        return Optional.of("Container " + cs.getName() + " with exit code " + code);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> podConditions(PodFailurePolicyRule rule, Pod pod) {
    for (PodFailurePolicyOnPodConditionsPattern p : rule.getOnPodConditionsList()) {
      for (PodCondition c : pod.getStatus().getConditionsList()) {
        String status = p.getStatus().isEmpty() ? "True" : p.getStatus();
        if (c.getType().equals(p.getType()) && c.getStatus().equals(status)) {
          return Optional.of("Pod condition " + c.getType());
        }
      }
    }
    return Optional.empty();
  }
}
