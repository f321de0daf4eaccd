package io.kava.controllermanager.volume;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.storage.StorageNames;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.Finalizers;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Upstream's pv-protection controller: a volume being deleted keeps its finalizer while it is Bound. */
public final class PvProtectionController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(PvProtectionController.class);
  public static final String NAME = "pv-protection";

  private final KavaClient client;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<PersistentVolume> volumes;

  public PvProtectionController(KavaClient client) {
    this.client = client;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var informer = informers.informer(PersistentVolume.class);
    volumes = informer.lister();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolume pv) {
        enqueueIfTerminating(pv);
      }

      @Override
      public void onUpdate(PersistentVolume old, PersistentVolume pv) {
        enqueueIfTerminating(pv);
      }

      @Override
      public void onDelete(PersistentVolume pv) {}
    });
  }

  private void enqueueIfTerminating(PersistentVolume pv) {
    if (!pv.getMetadata().getDeletionTimestamp().isEmpty()) {
      queue.add(pv.getMetadata().getName());
    }
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  public void sync(String name) {
    Optional<PersistentVolume> found = volumes.get("", name);
    if (found.isEmpty()) {
      return;
    }
    PersistentVolume pv = found.get();
    if (pv.getMetadata().getDeletionTimestamp().isEmpty()
        || !pv.getMetadata().getFinalizersList().contains(StorageNames.PV_PROTECTION_FINALIZER)
        || StorageNames.VOLUME_BOUND.equals(pv.getStatus().getPhase())) {
      return;
    }
    client.resource(PersistentVolume.class).update(pv.toBuilder()
        .setMetadata(Finalizers.without(pv.getMetadata(), StorageNames.PV_PROTECTION_FINALIZER)).build());
    log.info("Removed the protection finalizer of volume {}", name);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }
}
