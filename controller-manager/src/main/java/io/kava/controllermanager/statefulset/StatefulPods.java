package io.kava.controllermanager.statefulset;

import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.Volume;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.controllermanager.util.OwnerReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A StatefulSet pod's stable identity (upstream stateful_set_utils.go): its name {@code <set>-<ordinal>},
 * the pod-name, pod-index and revision labels, hostname and subdomain, and one claim per
 * volumeClaimTemplate named {@code <template>-<set>-<ordinal>}.
 */
final class StatefulPods {
  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
  static final String REVISION_LABEL = "controller-revision-hash";

  private StatefulPods() {}

  /** The ordinal in {@code <set>-<ordinal>}, or empty for a pod not named after this set. */
  static OptionalInt ordinal(StatefulSet set, Pod pod) {
    String prefix = set.getMetadata().getName() + "-";
    String name = pod.getMetadata().getName();
    if (!name.startsWith(prefix)) {
      return OptionalInt.empty();
    }
    String digits = name.substring(prefix.length());
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || (digits.length() > 1 && digits.startsWith("0"))
        || digits.length() > 9) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(digits));
  }

  static String podName(StatefulSet set, int ordinal) {
    return set.getMetadata().getName() + "-" + ordinal;
  }

  static String claimName(PersistentVolumeClaim template, StatefulSet set, int ordinal) {
    return template.getMetadata().getName() + "-" + podName(set, ordinal);
  }

  static String revision(Pod pod) {
    return pod.getMetadata().getLabelsOrDefault(REVISION_LABEL, "");
  }

  /** The pod for this ordinal from the given template (upstream newVersionedStatefulSetPod). */
  static Pod newPod(StatefulSet set, PodTemplateSpec template, String revision, int ordinal) {
    String name = podName(set, ordinal);
    ObjectMeta t = template.getMetadata();
    ObjectMeta meta = ObjectMeta.newBuilder()
        .setName(name)
        .setNamespace(set.getMetadata().getNamespace())
        .putAllLabels(t.getLabelsMap())
        .putLabels(POD_NAME_LABEL, name)
        .putLabels(POD_INDEX_LABEL, Integer.toString(ordinal))
        .putLabels(REVISION_LABEL, revision)
        .putAllAnnotations(t.getAnnotationsMap())
        .addAllFinalizers(t.getFinalizersList())
        .addOwnerReferences(OwnerReferences.newControllerRef(set))
        .build();
    PodSpec.Builder spec = template.getSpec().toBuilder().setHostname(name);
    if (!set.getSpec().getServiceName().isEmpty()) {
      spec.setSubdomain(set.getSpec().getServiceName());
    }
    withClaimVolumes(spec, set, ordinal);
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod").setMetadata(meta).setSpec(spec).build();
  }

  /** Every template's volume points at this ordinal's claim, replacing a pod volume of the same name. */
  private static void withClaimVolumes(PodSpec.Builder spec, StatefulSet set, int ordinal) {
    List<Volume> volumes = new ArrayList<>();
    List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplatesList();
    for (PersistentVolumeClaim claim : templates) {
      volumes.add(Volume.newBuilder().setName(claim.getMetadata().getName())
          .setPersistentVolumeClaim(PersistentVolumeClaimVolumeSource.newBuilder()
              .setClaimName(claimName(claim, set, ordinal))).build());
    }
    for (Volume v : spec.getVolumesList()) {
      if (templates.stream().noneMatch(c -> c.getMetadata().getName().equals(v.getName()))) {
        volumes.add(v);
      }
    }
    spec.clearVolumes().addAllVolumes(volumes);
  }

  /**
   * The claims this ordinal needs (upstream getPersistentVolumeClaims): the template's spec, its labels
   * plus the set's matchLabels. No owner reference under the default Retain policy, so the garbage
   * collector leaves them when the pod or the set goes.
   */
  static List<PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
    List<PersistentVolumeClaim> claims = new ArrayList<>();
    for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplatesList()) {
      ObjectMeta.Builder meta = template.getMetadata().toBuilder()
          .setName(claimName(template, set, ordinal))
          .setNamespace(set.getMetadata().getNamespace())
          .putAllLabels(set.getSpec().getSelector().getMatchLabelsMap())
          .clearResourceVersion().clearUid();
      if ("Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())) {
        meta.addOwnerReferences(OwnerReferences.newControllerRef(set).toBuilder().setController(false));
      }
      claims.add(PersistentVolumeClaim.newBuilder().setApiVersion("v1").setKind("PersistentVolumeClaim")
          .setMetadata(meta).setSpec(template.getSpec()).build());
    }
    return claims;
  }
}
