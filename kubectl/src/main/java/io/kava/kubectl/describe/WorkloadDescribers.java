package io.kava.kubectl.describe;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Selectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** describe deployment, replicaset and job: replicas, strategy, pod template, conditions, owned objects. */
final class WorkloadDescribers {

  private WorkloadDescribers() {}

  static void deployment(DescribeWriter w, Session session, Deployment d) {
    var meta = d.getMetadata();
    var spec = d.getSpec();
    var st = d.getStatus();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    w.line(0, "CreationTimestamp:", w.time(meta.getCreationTimestamp()));
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "Selector:", Selectors.format(spec.getSelector()));
    int desired = spec.hasReplicas() ? spec.getReplicas() : 1;
    w.line(0, "Replicas:", desired + " desired | " + st.getUpdatedReplicas() + " updated | " + st.getReplicas()
        + " total | " + st.getAvailableReplicas() + " available | " + st.getUnavailableReplicas() + " unavailable");
    String strategy = spec.getStrategy().getType().isEmpty() ? "RollingUpdate" : spec.getStrategy().getType();
    w.line(0, "StrategyType:", strategy);
    w.line(0, "MinReadySeconds:", Integer.toString(spec.getMinReadySeconds()));
    if (strategy.equals("RollingUpdate")) {
      var ru = spec.getStrategy().getRollingUpdate();
      w.line(0, "RollingUpdateStrategy:", intOrString(ru.getMaxUnavailable(), "25%") + " max unavailable, "
          + intOrString(ru.getMaxSurge(), "25%") + " max surge");
    }
    podTemplate(w, spec.getTemplate());
    if (st.getConditionsCount() > 0) {
      w.line(0, "Conditions:");
      w.line(1, "Type", "Status", "Reason");
      w.line(1, "----", "------", "------");
      st.getConditionsList().forEach(c -> w.line(1, c.getType(), c.getStatus(), c.getReason()));
    }
    List<ReplicaSet> owned = ownedReplicaSets(session, d);
    ReplicaSet newest = newReplicaSet(d, owned);
    List<String> old = new ArrayList<>();
    for (ReplicaSet rs : owned) {
      if (rs != newest && (rs.getSpec().getReplicas() > 0 || rs.getStatus().getReplicas() > 0)) {
        old.add(replicaSetSummary(rs));
      }
    }
    w.line(0, "OldReplicaSets:", old.isEmpty() ? "<none>" : String.join(", ", old));
    w.line(0, "NewReplicaSet:", newest == null ? "<none>" : replicaSetSummary(newest));
  }

  static void replicaSet(DescribeWriter w, Session session, ReplicaSet rs) {
    var meta = rs.getMetadata();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    w.line(0, "Selector:", Selectors.format(rs.getSpec().getSelector()));
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    String owner = Describer.controlledBy(meta);
    if (owner != null) {
      w.line(0, "Controlled By:", owner);
    }
    int desired = rs.getSpec().hasReplicas() ? rs.getSpec().getReplicas() : 1;
    w.line(0, "Replicas:", rs.getStatus().getReplicas() + " current / " + desired + " desired");
    w.line(0, "Pods Status:", podsStatus(session, meta, rs.getSpec().getSelector()));
    podTemplate(w, rs.getSpec().getTemplate());
    if (rs.getStatus().getConditionsCount() > 0) {
      w.line(0, "Conditions:");
      w.line(1, "Type", "Status", "Reason");
      w.line(1, "----", "------", "------");
      rs.getStatus().getConditionsList().forEach(c -> w.line(1, c.getType(), c.getStatus(), c.getReason()));
    }
  }

  static void job(DescribeWriter w, Job job) {
    var meta = job.getMetadata();
    var spec = job.getSpec();
    var st = job.getStatus();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    w.line(0, "Selector:", Selectors.format(spec.getSelector()));
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "Parallelism:", Integer.toString(spec.hasParallelism() ? spec.getParallelism() : 1));
    w.line(0, "Completions:", spec.hasCompletions() ? Integer.toString(spec.getCompletions()) : "<unset>");
    w.line(0, "Completion Mode:", spec.getCompletionMode().isEmpty() ? "NonIndexed" : spec.getCompletionMode());
    w.line(0, "Suspend:", Boolean.toString(spec.getSuspend()));
    if (spec.hasBackoffLimit()) {
      w.line(0, "Backoff Limit:", Integer.toString(spec.getBackoffLimit()));
    }
    if (spec.hasTtlSecondsAfterFinished()) {
      w.line(0, "TTL Seconds After Finished:", Integer.toString(spec.getTtlSecondsAfterFinished()));
    }
    if (!st.getStartTime().isEmpty()) {
      w.line(0, "Start Time:", w.time(st.getStartTime()));
    }
    if (!st.getCompletionTime().isEmpty()) {
      w.line(0, "Completed At:", w.time(st.getCompletionTime()));
    }
    java.time.Instant start = io.kava.client.Times.parse(st.getStartTime());
    if (start != null) {
      java.time.Instant end = io.kava.client.Times.parse(st.getCompletionTime());
      w.line(0, "Duration:", io.kava.kubectl.print.Age.human(java.time.Duration.between(start,
          end == null ? java.time.Instant.now() : end)));
    }
    if (spec.hasActiveDeadlineSeconds()) {
      w.line(0, "Active Deadline Seconds:", spec.getActiveDeadlineSeconds() + "s");
    }
    w.line(0, "Pods Statuses:", st.getActive() + " Active (" + (st.hasReady() ? st.getReady() : 0) + " Ready) / "
        + st.getSucceeded() + " Succeeded / " + st.getFailed() + " Failed");
    if ("Indexed".equals(spec.getCompletionMode())) {
      w.line(0, "Completed Indexes:", st.getCompletedIndexes().isEmpty() ? "<none>" : st.getCompletedIndexes());
    }
    podTemplate(w, spec.getTemplate());
  }

  /** kubectl describeCronJob's fields, in its order. */
  static void cronJob(DescribeWriter w, CronJob cj) {
    var meta = cj.getMetadata();
    var spec = cj.getSpec();
    var job = spec.getJobTemplate().getSpec();
    w.line(0, "Name:", meta.getName());
    w.line(0, "Namespace:", meta.getNamespace());
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
    w.line(0, "Schedule:", spec.getSchedule());
    if (spec.hasTimeZone()) {
      w.line(0, "Time Zone:", spec.getTimeZone());
    }
    w.line(0, "Concurrency Policy:", spec.getConcurrencyPolicy());
    w.line(0, "Suspend:", spec.getSuspend() ? "True" : "False");
    w.line(0, "Successful Job History Limit:", Integer.toString(spec.getSuccessfulJobsHistoryLimit()));
    w.line(0, "Failed Job History Limit:", Integer.toString(spec.getFailedJobsHistoryLimit()));
    w.line(0, "Starting Deadline Seconds:", spec.hasStartingDeadlineSeconds()
        ? spec.getStartingDeadlineSeconds() + "s" : "<unset>");
    w.line(0, "Selector:", job.hasSelector() ? Selectors.format(job.getSelector()) : "<unset>");
    w.line(0, "Parallelism:", job.hasParallelism() ? Integer.toString(job.getParallelism()) : "<unset>");
    w.line(0, "Completions:", job.hasCompletions() ? Integer.toString(job.getCompletions()) : "<unset>");
    if (job.hasActiveDeadlineSeconds()) {
      w.line(0, "Active Deadline Seconds:", job.getActiveDeadlineSeconds() + "s");
    }
    podTemplate(w, job.getTemplate());
    w.line(0, "Last Schedule Time:", cj.getStatus().getLastScheduleTime().isEmpty() ? "<unset>"
        : w.time(cj.getStatus().getLastScheduleTime()));
    w.line(0, "Active Jobs:", cj.getStatus().getActiveCount() == 0 ? "<none>"
        : String.join(", ", cj.getStatus().getActiveList().stream().map(r -> r.getName()).toList()));
  }

  static void podTemplate(DescribeWriter w, PodTemplateSpec template) {
    w.line(0, "Pod Template:");
    w.labels(1, "Labels", template.getMetadata().getLabelsMap());
    if (template.getMetadata().getAnnotationsCount() > 0) {
      w.annotations(1, template.getMetadata().getAnnotationsMap());
    }
    if (template.getSpec().getInitContainersCount() > 0) {
      Containers.write(w, "Init Containers", 1, template.getSpec().getInitContainersList(), List.of());
    }
    Containers.write(w, "Containers", 1, template.getSpec().getContainersList(), List.of());
    if (template.getSpec().getVolumesCount() == 0) {
      w.line(1, "Volumes:", "<none>");
    } else {
      w.line(1, "Volumes:");
      template.getSpec().getVolumesList().forEach(v -> w.line(2, v.getName()));
    }
  }

  private static String intOrString(IntOrString v, String fallback) {
    return switch (v.getValueCase()) {
      case INT_VAL -> Integer.toString(v.getIntVal());
      case STR_VAL -> v.getStrVal();
      default -> fallback;
    };
  }

  private static List<ReplicaSet> ownedReplicaSets(Session session, Deployment d) {
    List<ReplicaSet> owned = new ArrayList<>();
    List<Message> all;
    try {
      all = session.resource(Kinds.REPLICA_SET).list(ListOptions.inNamespace(d.getMetadata().getNamespace())).items();
    } catch (ApiException e) {
      return owned;
    }
    for (Message m : all) {
      ReplicaSet rs = (ReplicaSet) m;
      if (rs.getMetadata().getOwnerReferencesList().stream()
          .anyMatch(r -> r.getUid().equals(d.getMetadata().getUid()) || (r.getUid().isEmpty()
              && r.getKind().equals("Deployment") && r.getName().equals(d.getMetadata().getName())))) {
        owned.add(rs);
      }
    }
    owned.sort(Comparator.comparing(rs -> rs.getMetadata().getName()));
    return owned;
  }

  /** The ReplicaSet whose template is the Deployment's (ignoring pod-template-hash), else the latest revision. */
  static ReplicaSet newReplicaSet(Deployment d, List<ReplicaSet> owned) {
    for (ReplicaSet rs : owned) {
      if (withoutHash(rs.getSpec().getTemplate()).equals(withoutHash(d.getSpec().getTemplate()))) {
        return rs;
      }
    }
    return owned.stream().max(Comparator.comparingLong(WorkloadDescribers::revision)).orElse(null);
  }

  private static PodTemplateSpec withoutHash(PodTemplateSpec t) {
    return io.kava.kubectl.rollout.Revisions.withoutHash(t);
  }

  private static long revision(ReplicaSet rs) {
    return io.kava.kubectl.rollout.Revisions.of(rs.getMetadata().getAnnotationsMap());
  }

  private static String replicaSetSummary(ReplicaSet rs) {
    int desired = rs.getSpec().hasReplicas() ? rs.getSpec().getReplicas() : 1;
    return rs.getMetadata().getName() + " (" + rs.getStatus().getReplicas() + "/" + desired + " replicas created)";
  }

  /** "3 Running / 0 Waiting / 0 Succeeded / 0 Failed" over the pods the object controls. */
  static String podsStatus(Session session, ObjectMeta owner, io.kava.api.meta.v1.LabelSelector selector) {
    int running = 0;
    int waiting = 0;
    int succeeded = 0;
    int failed = 0;
    List<Message> pods;
    try {
      String labels = Selectors.format(selector);
      pods = session.resource(Kinds.POD).list(new ListOptions(owner.getNamespace(),
          labels.equals("<none>") ? "" : labels, "")).items();
    } catch (ApiException e) {
      pods = List.of();
    }
    for (Message m : pods) {
      Pod pod = (Pod) m;
      boolean ours = pod.getMetadata().getOwnerReferencesList().stream()
          .anyMatch(r -> r.getController() && (r.getUid().equals(owner.getUid()) || r.getName().equals(owner.getName())));
      if (!ours) {
        continue;
      }
      switch (pod.getStatus().getPhase()) {
        case "Running" -> running++;
        case "Succeeded" -> succeeded++;
        case "Failed" -> failed++;
        default -> waiting++;
      }
    }
    return running + " Running / " + waiting + " Waiting / " + succeeded + " Succeeded / " + failed + " Failed";
  }
}
