package io.kava.controllermanager.volume;

import static io.kava.client.storage.StorageNames.BIND_COMPLETED_ANNOTATION;
import static io.kava.client.storage.StorageNames.BOUND_BY_CONTROLLER_ANNOTATION;
import static io.kava.client.storage.StorageNames.CLAIM_BOUND;
import static io.kava.client.storage.StorageNames.CLAIM_LOST;
import static io.kava.client.storage.StorageNames.CLAIM_PENDING;
import static io.kava.client.storage.StorageNames.DELETE;
import static io.kava.client.storage.StorageNames.LOCAL_PATH_PROVISIONER;
import static io.kava.client.storage.StorageNames.PROVISIONED_BY_ANNOTATION;
import static io.kava.client.storage.StorageNames.SELECTED_NODE_ANNOTATION;
import static io.kava.client.storage.StorageNames.STORAGE_PROVISIONER_ANNOTATION;
import static io.kava.client.storage.StorageNames.VOLUME_AVAILABLE;
import static io.kava.client.storage.StorageNames.VOLUME_BOUND;
import static io.kava.client.storage.StorageNames.VOLUME_RELEASED;
import static io.kava.client.storage.StorageNames.WAIT_FOR_FIRST_CONSUMER;

import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.Lister;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two syncs of upstream's persistentvolume controller: {@link #syncClaim} binds a Pending claim to
 * the best volume (or waits for its first consumer, or asks its class's provisioner), keeps a bound
 * one Bound and marks it Lost when its volume went; {@link #syncVolume} keeps a volume's phase
 * (Available, Bound, Released) and reclaims a released one (Retain keeps it, Delete deletes it).
 * The volume is written first (claimRef), then the claim (volumeName), then the claim's status, as
 * upstream: a crash in between leaves a reservation the next sync completes.
 */
final class VolumeBinder {
  private static final Logger log = LoggerFactory.getLogger(VolumeBinder.class);

  private final KavaClient client;
  private final Lister<PersistentVolumeClaim> claims;
  private final Lister<PersistentVolume> volumes;
  private final Lister<StorageClass> classes;
  private final EventRecorder recorder;

  VolumeBinder(KavaClient client, Lister<PersistentVolumeClaim> claims, Lister<PersistentVolume> volumes,
      Lister<StorageClass> classes, EventRecorder recorder) {
    this.client = client;
    this.claims = claims;
    this.volumes = volumes;
    this.classes = classes;
    this.recorder = recorder;
  }

  // ------------------------------------------------------------------ claims

  void syncClaim(String key) {
    Optional<PersistentVolumeClaim> found = claims.get(key);
    if (found.isEmpty()) {
      return;
    }
    PersistentVolumeClaim claim = found.get();
    if (claim.getSpec().getVolumeName().isEmpty()) {
      syncUnboundClaim(claim);
    } else {
      syncBoundClaim(claim);
    }
  }

  private void syncUnboundClaim(PersistentVolumeClaim claim) {
    Optional<PersistentVolume> match = VolumeMatcher.bestMatch(claim, volumes.list());
    if (match.isPresent()) {
      bind(match.get(), claim);
      return;
    }
    Optional<StorageClass> sc = storageClass(claim);
    if (sc.isPresent() && WAIT_FOR_FIRST_CONSUMER.equals(sc.get().getVolumeBindingMode())
        && !claim.getMetadata().containsAnnotations(SELECTED_NODE_ANNOTATION)) {
      recorder.normal(claim, "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
    } else if (sc.isPresent() && !sc.get().getProvisioner().isEmpty()) {
      String provisioner = sc.get().getProvisioner();
      if (!provisioner.equals(claim.getMetadata().getAnnotationsOrDefault(STORAGE_PROVISIONER_ANNOTATION, ""))) {
        claim = client.resource(PersistentVolumeClaim.class).update(claim.toBuilder().setMetadata(
            claim.getMetadata().toBuilder().putAnnotations(STORAGE_PROVISIONER_ANNOTATION, provisioner)).build());
      }
      recorder.normal(claim, "ExternalProvisioning", "Waiting for a volume to be created either by the external provisioner '"
          + provisioner + "' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
    } else {
      recorder.normal(claim, "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
    }
    claimStatus(claim, CLAIM_PENDING, null);
  }

  private void syncBoundClaim(PersistentVolumeClaim claim) {
    String volumeName = claim.getSpec().getVolumeName();
    Optional<PersistentVolume> found = volumes.get("", volumeName);
    if (found.isEmpty()) {
      if (claim.getStatus().getPhase().equals(CLAIM_BOUND) || claim.getStatus().getPhase().equals(CLAIM_LOST)) {
        if (!claim.getStatus().getPhase().equals(CLAIM_LOST)) {
          recorder.warning(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
        }
        claimStatus(claim, CLAIM_LOST, null);
      } else {
        claimStatus(claim, CLAIM_PENDING, null);
      }
      return;
    }
    PersistentVolume pv = found.get();
    if (!pv.getSpec().hasClaimRef() || pv.getSpec().getClaimRef().getName().isEmpty()) {
      // The user asked for this volume by name: bind it if it fits.
      Optional<String> why = VolumeMatcher.mismatch(pv, claim);
      if (why.isPresent()) {
        recorder.warning(claim, "VolumeMismatch", "Cannot bind to requested volume \"" + volumeName + "\": " + why.get());
        claimStatus(claim, CLAIM_PENDING, null);
        return;
      }
      bind(pv, claim);
    } else if (VolumeMatcher.isReservedFor(pv, claim)) {
      bind(pv, claim);
    } else if (claim.getMetadata().containsAnnotations(BIND_COMPLETED_ANNOTATION)) {
      recorder.warning(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
      claimStatus(claim, CLAIM_LOST, null);
    } else {
      recorder.warning(claim, "FailedBinding", "volume \"" + volumeName + "\" already bound to a different claim.");
      claimStatus(claim, CLAIM_PENDING, null);
    }
  }

  /** Both halves of a binding, each written only when it differs (idempotent). */
  private void bind(PersistentVolume pv, PersistentVolumeClaim claim) {
    pv = bindVolume(pv, claim);
    claim = bindClaim(claim, pv);
    if (!pv.getStatus().getPhase().equals(VOLUME_BOUND)) {
      volumePhase(pv, VOLUME_BOUND);
    }
    if (!claim.getStatus().getPhase().equals(CLAIM_BOUND)) {
      log.info("Bound claim {}/{} to volume {}", claim.getMetadata().getNamespace(), claim.getMetadata().getName(),
          pv.getMetadata().getName());
    }
    claimStatus(claim, CLAIM_BOUND, pv);
  }

  private PersistentVolume bindVolume(PersistentVolume pv, PersistentVolumeClaim claim) {
    ObjectReference ref = ObjectReference.newBuilder().setKind("PersistentVolumeClaim").setApiVersion("v1")
        .setNamespace(claim.getMetadata().getNamespace()).setName(claim.getMetadata().getName())
        .setUid(claim.getMetadata().getUid()).setResourceVersion(claim.getMetadata().getResourceVersion()).build();
    var old = pv.getSpec().getClaimRef();
    if (old.getUid().equals(ref.getUid()) && old.getName().equals(ref.getName()) && old.getNamespace().equals(ref.getNamespace())) {
      return pv;
    }
    var meta = pv.getMetadata().toBuilder();
    if (!pv.getSpec().hasClaimRef() || old.getName().isEmpty()) {
      meta.putAnnotations(BOUND_BY_CONTROLLER_ANNOTATION, "yes");
    }
    return client.resource(PersistentVolume.class).update(pv.toBuilder().setMetadata(meta)
        .setSpec(pv.getSpec().toBuilder().setClaimRef(ref)).build());
  }

  private PersistentVolumeClaim bindClaim(PersistentVolumeClaim claim, PersistentVolume pv) {
    String name = pv.getMetadata().getName();
    if (claim.getSpec().getVolumeName().equals(name) && claim.getMetadata().containsAnnotations(BIND_COMPLETED_ANNOTATION)) {
      return claim;
    }
    var meta = claim.getMetadata().toBuilder().putAnnotations(BIND_COMPLETED_ANNOTATION, "yes");
    if (claim.getSpec().getVolumeName().isEmpty()) {
      meta.putAnnotations(BOUND_BY_CONTROLLER_ANNOTATION, "yes");
    }
    return client.resource(PersistentVolumeClaim.class).update(claim.toBuilder().setMetadata(meta)
        .setSpec(claim.getSpec().toBuilder().setVolumeName(name)).build());
  }

  private void claimStatus(PersistentVolumeClaim claim, String phase, PersistentVolume pv) {
    PersistentVolumeClaimStatus.Builder status = claim.getStatus().toBuilder().setPhase(phase);
    if (pv != null) {
      status.clearAccessModes().addAllAccessModes(pv.getSpec().getAccessModesList())
          .clearCapacity().putAllCapacity(pv.getSpec().getCapacityMap());
    }
    if (!status.build().equals(claim.getStatus())) {
      client.resource(PersistentVolumeClaim.class).updateStatus(claim.toBuilder().setStatus(status).build());
    }
  }

  private Optional<StorageClass> storageClass(PersistentVolumeClaim claim) {
    String name = claim.getSpec().getStorageClassName();
    return name.isEmpty() ? Optional.empty() : classes.get("", name);
  }

  // ------------------------------------------------------------------ volumes

  void syncVolume(String name) {
    Optional<PersistentVolume> found = volumes.get("", name);
    if (found.isEmpty()) {
      return;
    }
    PersistentVolume pv = found.get();
    if (!pv.getSpec().hasClaimRef() || pv.getSpec().getClaimRef().getName().isEmpty()) {
      volumePhase(pv, VOLUME_AVAILABLE);
      return;
    }
    ObjectReference ref = pv.getSpec().getClaimRef();
    if (ref.getUid().isEmpty()) {
      // Pre-bound by the user to a claim that may not exist yet.
      volumePhase(pv, VOLUME_AVAILABLE);
      return;
    }
    Optional<PersistentVolumeClaim> claim = claims.get(ref.getNamespace(), ref.getName())
        .filter(c -> c.getMetadata().getUid().equals(ref.getUid()));
    if (claim.isEmpty()) {
      release(pv);
      return;
    }
    String claimVolume = claim.get().getSpec().getVolumeName();
    if (claimVolume.isEmpty() || claimVolume.equals(name)) {
      // Bound, or reserved while the claim's half is on its way.
      volumePhase(pv, VOLUME_BOUND);
    } else if (pv.getMetadata().containsAnnotations(BOUND_BY_CONTROLLER_ANNOTATION)) {
      // The claim went to another volume: give this one back.
      var meta = pv.getMetadata().toBuilder().removeAnnotations(BOUND_BY_CONTROLLER_ANNOTATION);
      PersistentVolume unbound = client.resource(PersistentVolume.class).update(pv.toBuilder().setMetadata(meta)
          .setSpec(pv.getSpec().toBuilder().clearClaimRef()).build());
      volumePhase(unbound, VOLUME_AVAILABLE);
    }
  }

  /** The claim is gone: Released, then reclaimed by the volume's policy. */
  private void release(PersistentVolume pv) {
    if (!pv.getStatus().getPhase().equals(VOLUME_RELEASED)) {
      log.info("Released volume {} of deleted claim {}/{}", pv.getMetadata().getName(),
          pv.getSpec().getClaimRef().getNamespace(), pv.getSpec().getClaimRef().getName());
      pv = volumePhase(pv, VOLUME_RELEASED);
    }
    if (!DELETE.equals(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
      return;
    }
    if (LOCAL_PATH_PROVISIONER.equals(pv.getMetadata().getAnnotationsOrDefault(PROVISIONED_BY_ANNOTATION, ""))) {
      // Its provisioner removes the directory, then the volume (as an external provisioner does).
      return;
    }
    if (pv.getMetadata().getDeletionTimestamp().isEmpty()) {
      try {
        client.resource(PersistentVolume.class).delete("", pv.getMetadata().getName());
        log.info("Deleted released volume {}", pv.getMetadata().getName());
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          throw e;
        }
      }
    }
  }

  private PersistentVolume volumePhase(PersistentVolume pv, String phase) {
    if (pv.getStatus().getPhase().equals(phase)) {
      return pv;
    }
    return client.resource(PersistentVolume.class).updateStatus(pv.toBuilder()
        .setStatus(pv.getStatus().toBuilder().setPhase(phase)).build());
  }
}
