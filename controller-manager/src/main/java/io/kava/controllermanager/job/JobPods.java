package io.kava.controllermanager.job;

import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.EnvVarSource;
import io.kava.api.core.v1.ObjectFieldSelector;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.client.Times;
import io.kava.controllermanager.util.OwnerReferences;
import io.kava.controllermanager.util.PodTemplates;
import io.kava.controllermanager.util.Pods;
import java.time.Instant;
import java.util.OptionalInt;

/** The pods a Job creates and what the controller reads off them (upstream indexed_job_utils and utils). */
final class JobPods {
  static final String COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
  static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

  private JobPods() {}

  static boolean isIndexed(Job job) {
    return "Indexed".equals(job.getSpec().getCompletionMode());
  }

  /** A new pod from the template; an Indexed Job's pod also carries its index and hostname {@code <job>-<index>}. */
  static Pod newPod(Job job, Integer index) {
    String name = job.getMetadata().getName();
    String prefix = index == null ? name + "-" : name + "-" + index + "-";
    Pod pod = JobTracking.withFinalizer(PodTemplates.podFromTemplate(job.getSpec().getTemplate(),
        job.getMetadata().getNamespace(), prefix, OwnerReferences.newControllerRef(job)));
    if (index == null) {
      return pod;
    }
    Pod.Builder b = pod.toBuilder();
    b.getMetadataBuilder().putAnnotations(COMPLETION_INDEX_ANNOTATION, Integer.toString(index))
        .putLabels(COMPLETION_INDEX_ANNOTATION, Integer.toString(index));
    PodSpec.Builder spec = b.getSpecBuilder();
    if (spec.getHostname().isEmpty()) {
      spec.setHostname(name + "-" + index);
    }
    EnvVar env = EnvVar.newBuilder().setName(COMPLETION_INDEX_ENV).setValueFrom(EnvVarSource.newBuilder()
        .setFieldRef(ObjectFieldSelector.newBuilder().setFieldPath(
            "metadata.annotations['" + COMPLETION_INDEX_ANNOTATION + "']"))).build();
    for (Container.Builder c : spec.getInitContainersBuilderList()) {
      c.addEnv(env);
    }
    for (Container.Builder c : spec.getContainersBuilderList()) {
      c.addEnv(env);
    }
    return b.build();
  }

  /** The completion index a pod carries, if it is a valid one for this Job. */
  static OptionalInt index(Pod pod, int completions) {
    String text = pod.getMetadata().getAnnotationsMap().get(COMPLETION_INDEX_ANNOTATION);
    if (text == null) {
      return OptionalInt.empty();
    }
    try {
      int i = Integer.parseInt(text);
      return i >= 0 && i < completions ? OptionalInt.of(i) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  static boolean succeeded(Pod pod) {
    return Pods.PHASE_SUCCEEDED.equals(pod.getStatus().getPhase());
  }

  static boolean failed(Pod pod) {
    return Pods.PHASE_FAILED.equals(pod.getStatus().getPhase());
  }

  /** When a finished pod finished: its last container's finishedAt, else its deletion or creation time. */
  static Instant finishedAt(Pod pod) {
    Instant latest = null;
    for (ContainerStatus cs : pod.getStatus().getContainerStatusesList()) {
      Instant t = Times.parse(cs.getState().getTerminated().getFinishedAt());
      if (t != null && (latest == null || t.isAfter(latest))) {
        latest = t;
      }
    }
    if (latest != null) {
      return latest;
    }
    Instant deleted = Times.parse(pod.getMetadata().getDeletionTimestamp());
    return deleted != null ? deleted : Times.parse(pod.getMetadata().getCreationTimestamp());
  }

  /** Upstream pastBackoffLimitOnFailure counts the restarts of the containers of running and pending pods. */
  static int restarts(Pod pod) {
    String phase = pod.getStatus().getPhase();
    if (!Pods.PHASE_RUNNING.equals(phase) && !Pods.PHASE_PENDING.equals(phase) && !phase.isEmpty()) {
      return 0;
    }
    int n = 0;
    for (ContainerStatus cs : pod.getStatus().getInitContainerStatusesList()) {
      n += cs.getRestartCount();
    }
    for (ContainerStatus cs : pod.getStatus().getContainerStatusesList()) {
      n += cs.getRestartCount();
    }
    return n;
  }
}
