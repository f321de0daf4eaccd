package io.kava.controllermanager.volume;

import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.storage.StorageNames;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.Finalizers;
import io.kava.controllermanager.util.Pods;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's pvc-protection controller: a claim being deleted keeps its kubernetes.io/pvc-protection
 * finalizer while a pod that has not terminated uses it. The cache answers first; before the finalizer
 * goes a live list confirms (a pod created a moment ago may not be cached yet), as upstream.
 */
public final class PvcProtectionController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(PvcProtectionController.class);
  public static final String NAME = "pvc-protection";

  private final KavaClient client;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<PersistentVolumeClaim> claims;
  private Lister<Pod> pods;

  public PvcProtectionController(KavaClient client) {
    this.client = client;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var claimInformer = informers.informer(PersistentVolumeClaim.class);
    var podInformer = informers.informer(Pod.class);
    claims = claimInformer.lister();
    pods = podInformer.lister();
    claimInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolumeClaim claim) {
        enqueueIfTerminating(claim);
      }

      @Override
      public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim claim) {
        enqueueIfTerminating(claim);
      }

      @Override
      public void onDelete(PersistentVolumeClaim claim) {}
    });
    podInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod old, Pod pod) {
        if (terminated(pod)) {
          enqueueClaimsOf(pod);
        }
      }

      @Override
      public void onDelete(Pod pod) {
        enqueueClaimsOf(pod);
      }
    });
  }

  private void enqueueIfTerminating(PersistentVolumeClaim claim) {
    if (!claim.getMetadata().getDeletionTimestamp().isEmpty()) {
      queue.add(ApiObjects.key(claim));
    }
  }

  private void enqueueClaimsOf(Pod pod) {
    for (Volume v : pod.getSpec().getVolumesList()) {
      if (v.hasPersistentVolumeClaim()) {
        queue.add(ApiObjects.key(pod.getMetadata().getNamespace(), v.getPersistentVolumeClaim().getClaimName()));
      }
    }
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  public void sync(String key) {
    Optional<PersistentVolumeClaim> found = claims.get(key);
    if (found.isEmpty()) {
      return;
    }
    PersistentVolumeClaim claim = found.get();
    if (claim.getMetadata().getDeletionTimestamp().isEmpty()
        || !claim.getMetadata().getFinalizersList().contains(StorageNames.PVC_PROTECTION_FINALIZER)) {
      return;
    }
    String namespace = claim.getMetadata().getNamespace();
    String name = claim.getMetadata().getName();
    if (inUse(pods.list(namespace), name)
        || inUse(client.resource(Pod.class).list(ListOptions.inNamespace(namespace)).items(), name)) {
      log.debug("Kept the finalizer of claim {}: a pod uses it", key);
      return;
    }
    client.resource(PersistentVolumeClaim.class).update(claim.toBuilder()
        .setMetadata(Finalizers.without(claim.getMetadata(), StorageNames.PVC_PROTECTION_FINALIZER)).build());
    log.info("Removed the protection finalizer of claim {}", key);
  }

  /** Upstream: a pod uses a claim until it has terminated (Succeeded or Failed) or is gone. */
  static boolean inUse(Collection<Pod> pods, String claimName) {
    for (Pod pod : pods) {
      if (terminated(pod)) {
        continue;
      }
      for (Volume v : pod.getSpec().getVolumesList()) {
        if (v.hasPersistentVolumeClaim() && v.getPersistentVolumeClaim().getClaimName().equals(claimName)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean terminated(Pod pod) {
    String phase = pod.getStatus().getPhase();
    return Pods.PHASE_SUCCEEDED.equals(phase) || Pods.PHASE_FAILED.equals(phase);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }
}
