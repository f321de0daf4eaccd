package io.kava.controllermanager.job;

import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kinds;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.ControllerExpectations;
import io.kava.controllermanager.util.OwnedPodHandler;
import io.kava.controllermanager.util.OwnerReferences;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs every Job's pods to completion (upstream pkg/controller/job), in the ReplicaSet controller's
 * shape: handlers enqueue the Job a pod change concerns and lower expectations; {@link JobSyncer}
 * does the work.
 */
public final class JobController implements Controller {
  public static final String NAME = "job";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final Clock clock;
  private final JobConfig config;
  private final ControllerExpectations expectations;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Job> jobs;
  private JobSyncer syncer;

  public JobController(KavaClient client, JobConfig config) {
    this(client, new EventRecorder(client.resource(Event.class), "job-controller", ""), Clock.systemUTC(), config);
  }

  public JobController(KavaClient client, EventRecorder recorder, Clock clock, JobConfig config) {
    this.client = client;
    this.recorder = recorder;
    this.clock = clock;
    this.config = config;
    this.expectations = new ControllerExpectations(clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var jobInformer = informers.informer(Job.class);
    var podInformer = informers.informer(Pod.class);
    jobs = jobInformer.lister();
    syncer = new JobSyncer(client, jobs, podInformer.lister(), expectations, recorder, clock, queue, config);
    jobInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        enqueue(job);
      }

      @Override
      public void onUpdate(Job old, Job job) {
        if (!old.getMetadata().getUid().equals(job.getMetadata().getUid())) {
          expectations.delete(ApiObjects.key(old));
        }
        enqueue(job);
      }

      @Override
      public void onDelete(Job job) {
        expectations.delete(ApiObjects.key(job));
        enqueue(job);
      }
    });
    podInformer.addEventHandler(new OwnedPodHandler<>(this::owner, expectations, this::enqueue));
    // Job tracking: a finalizer removal the cache now shows; a tracked pod whose Job is gone still holds
    // the finalizer, and the sync of the Job's key releases it.
    podInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        syncer.podObserved(pod, false);
        JobTracking.orphanJobName(pod, owner(pod))
            .ifPresent(name -> queue.add(ApiObjects.key(pod.getMetadata().getNamespace(), name)));
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        onAdd(pod);
      }

      @Override
      public void onDelete(Pod pod) {
        syncer.podObserved(pod, true);
      }
    });
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
    if (syncer != null) {
      syncer.close();
    }
    recorder.close();
  }

  /** Reconciles one Job by "namespace/name"; throws to be retried. */
  public void sync(String key) throws Exception {
    syncer.sync(key);
  }

  private void enqueue(Job job) {
    queue.add(ApiObjects.key(job));
  }

  private Optional<Job> owner(Pod pod) {
    return OwnerReferences.controllerOf(pod)
        .flatMap(ref -> OwnerReferences.resolve(jobs, Kinds.JOB, pod.getMetadata().getNamespace(), ref));
  }
}
