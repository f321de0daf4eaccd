package io.kava.controllermanager.volume;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.client.quantity.Quantity;
import io.kava.client.storage.StorageNames;
import io.kava.controllermanager.util.Selectors;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Upstream's findMatchingVolume (pkg/controller/volume/persistentvolume/index): a volume pre-bound to
 * the claim wins; otherwise the smallest unclaimed volume that has the capacity, every access mode,
 * the class, the labels the selector asks and the same volumeMode. A pure function of its inputs.
 */
public final class VolumeMatcher {
  private VolumeMatcher() {}

  public static Optional<PersistentVolume> bestMatch(PersistentVolumeClaim claim, Collection<PersistentVolume> volumes) {
    Optional<PersistentVolume> preBound = volumes.stream()
        .filter(pv -> isReservedFor(pv, claim) && mismatch(pv, claim).isEmpty())
        .findFirst();
    if (preBound.isPresent()) {
      return preBound;
    }
    return volumes.stream()
        .filter(pv -> !pv.getSpec().hasClaimRef() || pv.getSpec().getClaimRef().getName().isEmpty())
        .filter(pv -> pv.getMetadata().getDeletionTimestamp().isEmpty())
        .filter(pv -> !StorageNames.VOLUME_RELEASED.equals(pv.getStatus().getPhase())
            && !StorageNames.VOLUME_FAILED.equals(pv.getStatus().getPhase()))
        .filter(pv -> mismatch(pv, claim).isEmpty())
        .min(Comparator.comparing(VolumeMatcher::capacity).thenComparing(pv -> pv.getMetadata().getName()));
  }

  /** Whether the volume's claimRef names this claim (with its uid, or with none yet). */
  public static boolean isReservedFor(PersistentVolume pv, PersistentVolumeClaim claim) {
    if (!pv.getSpec().hasClaimRef()) {
      return false;
    }
    var ref = pv.getSpec().getClaimRef();
    return ref.getName().equals(claim.getMetadata().getName())
        && ref.getNamespace().equals(claim.getMetadata().getNamespace())
        && (ref.getUid().isEmpty() || ref.getUid().equals(claim.getMetadata().getUid()));
  }

  /** Why the volume cannot serve the claim, or empty when it can (upstream's checkVolumeSatisfyClaim). */
  public static Optional<String> mismatch(PersistentVolume pv, PersistentVolumeClaim claim) {
    PersistentVolumeClaimSpec spec = claim.getSpec();
    Quantity requested = Quantity.parseOrNull(spec.getResources().getRequestsOrDefault("storage", "0"));
    if (requested == null || capacity(pv).compareTo(requested) < 0) {
      return Optional.of("requested PV is too small");
    }
    if (!className(pv).equals(className(claim))) {
      return Optional.of("storageClassName does not match");
    }
    if (!volumeMode(pv.getSpec().hasVolumeMode() ? pv.getSpec().getVolumeMode() : "")
        .equals(volumeMode(spec.hasVolumeMode() ? spec.getVolumeMode() : ""))) {
      return Optional.of("incompatible volumeMode");
    }
    if (!pv.getSpec().getAccessModesList().containsAll(spec.getAccessModesList())) {
      return Optional.of("incompatible accessMode");
    }
    if (spec.hasSelector() && !Selectors.isEmpty(spec.getSelector())) {
      try {
        if (!Selectors.matches(spec.getSelector(), pv.getMetadata().getLabelsMap())) {
          return Optional.of("selector does not match");
        }
      } catch (IllegalArgumentException e) {
        return Optional.of("invalid selector");
      }
    }
    return Optional.empty();
  }

  static Quantity capacity(PersistentVolume pv) {
    Quantity q = Quantity.parseOrNull(pv.getSpec().getCapacityOrDefault("storage", "0"));
    return q == null ? Quantity.ZERO : q;
  }

  static String className(PersistentVolume pv) {
    return pv.getSpec().getStorageClassName();
  }

  static String className(PersistentVolumeClaim claim) {
    return claim.getSpec().getStorageClassName();
  }

  private static String volumeMode(String mode) {
    return mode.isEmpty() ? StorageNames.FILESYSTEM : mode;
  }
}
