package io.kava.controllermanager.volume;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;

/**
 * Upstream's persistentvolume-binder controller: one queue of claims and one of volumes; a change of
 * either side enqueues the other side it names, so a binding completes from whichever event comes first.
 */
public final class PersistentVolumeController implements Controller {
  public static final String NAME = "persistentvolume-binder";

  private final KavaClient client;
  private final EventRecorder recorder;
  private final WorkQueue claimQueue = new WorkQueue(NAME + "-claims");
  private final WorkQueue volumeQueue = new WorkQueue(NAME + "-volumes");
  private VolumeBinder binder;

  public PersistentVolumeController(KavaClient client) {
    this(client, new EventRecorder(client.resource(Event.class), "persistentvolume-controller", ""));
  }

  public PersistentVolumeController(KavaClient client, EventRecorder recorder) {
    this.client = client;
    this.recorder = recorder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var claimInformer = informers.informer(PersistentVolumeClaim.class);
    var volumeInformer = informers.informer(PersistentVolume.class);
    var classInformer = informers.informer(StorageClass.class);
    binder = new VolumeBinder(client, claimInformer.lister(), volumeInformer.lister(), classInformer.lister(), recorder);
    claimInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolumeClaim claim) {
        claimQueue.add(ApiObjects.key(claim));
      }

      @Override
      public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim claim) {
        claimQueue.add(ApiObjects.key(claim));
        if (!claim.getSpec().getVolumeName().isEmpty()) {
          volumeQueue.add(claim.getSpec().getVolumeName());
        }
      }

      @Override
      public void onDelete(PersistentVolumeClaim claim) {
        // Its volume is released.
        if (!claim.getSpec().getVolumeName().isEmpty()) {
          volumeQueue.add(claim.getSpec().getVolumeName());
        }
      }
    });
    volumeInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolume pv) {
        volumeQueue.add(pv.getMetadata().getName());
        enqueueClaimsOf(pv, claimInformer.lister().list());
      }

      @Override
      public void onUpdate(PersistentVolume old, PersistentVolume pv) {
        volumeQueue.add(pv.getMetadata().getName());
        enqueueClaimsOf(pv, claimInformer.lister().list());
      }

      @Override
      public void onDelete(PersistentVolume pv) {
        var ref = pv.getSpec().getClaimRef();
        if (!ref.getName().isEmpty()) {
          claimQueue.add(ApiObjects.key(ref.getNamespace(), ref.getName()));
        }
      }
    });
  }

  /** The claim a volume names, or, for a free volume, every claim still waiting (it may fit one). */
  private void enqueueClaimsOf(PersistentVolume pv, java.util.List<PersistentVolumeClaim> all) {
    var ref = pv.getSpec().getClaimRef();
    if (!ref.getName().isEmpty()) {
      claimQueue.add(ApiObjects.key(ref.getNamespace(), ref.getName()));
      return;
    }
    for (PersistentVolumeClaim claim : all) {
      if (claim.getSpec().getVolumeName().isEmpty()) {
        claimQueue.add(ApiObjects.key(claim));
      }
    }
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME + "-claims", claimQueue, workers, this::syncClaim);
    Workers.start(NAME + "-volumes", volumeQueue, workers, this::syncVolume);
  }

  public void syncClaim(String key) {
    binder.syncClaim(key);
  }

  public void syncVolume(String name) {
    binder.syncVolume(name);
  }

  @Override
  public void stop() {
    claimQueue.shutDown();
    volumeQueue.shutDown();
    recorder.close();
  }
}
