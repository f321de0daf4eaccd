package io.kava.controllermanager.cronjob;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Event;
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
import io.kava.controllermanager.util.OwnerReferences;

/**
 * Starts a CronJob's Jobs on its schedule (upstream pkg/controller/cronjob, the v2 controller): a
 * CronJob is enqueued when it or one of its Jobs changes, and again at its next schedule time;
 * {@link CronJobSyncer} does the work.
 */
public final class CronJobController implements Controller {
  public static final String NAME = "cronjob";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final CronJobConfig config;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<CronJob> cronJobs;
  private CronJobSyncer syncer;

  public CronJobController(KavaClient client, CronJobConfig config) {
    this(client, new EventRecorder(client.resource(Event.class), "cronjob-controller", ""), config);
  }

  public CronJobController(KavaClient client, EventRecorder recorder, CronJobConfig config) {
    this.client = client;
    this.recorder = recorder;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var cronJobInformer = informers.informer(CronJob.class);
    var jobInformer = informers.informer(Job.class);
    cronJobs = cronJobInformer.lister();
    syncer = new CronJobSyncer(client, cronJobs, jobInformer.lister(), recorder, config, queue);
    cronJobInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(CronJob cj) {
        queue.add(ApiObjects.key(cj));
      }

      @Override
      public void onUpdate(CronJob old, CronJob cj) {
        queue.add(ApiObjects.key(cj));
      }

      @Override
      public void onDelete(CronJob cj) {}
    });
    jobInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        enqueueOwner(job);
      }

      @Override
      public void onUpdate(Job old, Job job) {
        enqueueOwner(job);
      }

      @Override
      public void onDelete(Job job) {
        enqueueOwner(job);
      }
    });
  }

  private void enqueueOwner(Job job) {
    OwnerReferences.controllerOf(job)
        .flatMap(ref -> OwnerReferences.resolve(cronJobs, Kinds.CRON_JOB, job.getMetadata().getNamespace(), ref))
        .ifPresent(cj -> queue.add(ApiObjects.key(cj)));
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
    recorder.close();
  }

  public void sync(String key) {
    syncer.sync(key);
  }
}
