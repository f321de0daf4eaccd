package io.kava.scheduler.plugins;

import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.ResourceClient;
import io.kava.client.informer.Lister;
import io.kava.client.selector.NodeSelectors;
import io.kava.client.storage.StorageNames;
import io.kava.scheduler.framework.FilterPlugin;
import io.kava.scheduler.framework.FilterResult;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodFilter;
import io.kava.scheduler.framework.PreBindPlugin;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small part of upstream's VolumeBinding plugin. Filter: every claim the pod names must exist and not
 * be going away; a bound claim's volume must allow the node (its nodeAffinity: a local volume keeps its
 * pod on the node that holds the data); an unbound claim is fine only if its class waits for the first
 * consumer (an unbound Immediate claim waits for the binder). PreBind: an unbound WaitForFirstConsumer
 * claim gets volume.kubernetes.io/selected-node, which lets the binder and the provisioner act. Unlike
 * upstream it does not wait for the binding to complete before the pod is bound: the kubelet waits
 * (ContainerCreating) until the claim is Bound.
 */
public final class VolumeBinding implements FilterPlugin, PreBindPlugin {
  private static final Logger log = LoggerFactory.getLogger(VolumeBinding.class);
  public static final String NAME = "VolumeBinding";
  static final String AFFINITY_CONFLICT = "node(s) had volume node affinity conflict";
  static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

  private final Lister<PersistentVolumeClaim> claims;
  private final Lister<PersistentVolume> volumes;
  private final Lister<StorageClass> classes;
  private final ResourceClient<PersistentVolumeClaim> claimClient;

  public VolumeBinding(Lister<PersistentVolumeClaim> claims, Lister<PersistentVolume> volumes,
      Lister<StorageClass> classes, ResourceClient<PersistentVolumeClaim> claimClient) {
    this.claims = claims;
    this.volumes = volumes;
    this.classes = classes;
    this.claimClient = claimClient;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(Pod pod, NodeInfo nodeInfo) {
    for (Volume v : pod.getSpec().getVolumesList()) {
      if (!v.hasPersistentVolumeClaim()) {
        continue;
      }
      String claimName = v.getPersistentVolumeClaim().getClaimName();
      Optional<PersistentVolumeClaim> claim = claims.get(pod.getMetadata().getNamespace(), claimName);
      if (claim.isEmpty()) {
        return FilterResult.unschedulable("persistentvolumeclaim \"" + claimName + "\" not found");
      }
      if (!claim.get().getMetadata().getDeletionTimestamp().isEmpty()) {
        return FilterResult.unschedulable("persistentvolumeclaim \"" + claimName + "\" is being deleted");
      }
      String volumeName = claim.get().getSpec().getVolumeName();
      if (!volumeName.isEmpty()) {
        Optional<PersistentVolume> pv = volumes.get("", volumeName);
        if (pv.isPresent() && pv.get().getSpec().hasNodeAffinity()
            && !NodeSelectors.matches(pv.get().getSpec().getNodeAffinity().getRequired(), nodeInfo.node())) {
          return FilterResult.unschedulable(AFFINITY_CONFLICT);
        }
      } else if (!waitsForFirstConsumer(claim.get())) {
        return FilterResult.unschedulable(UNBOUND_IMMEDIATE);
      }
    }
    return FilterResult.SUCCESS;
  }

  /** A pod without claims (most pods) passes every node without a lister lookup. */
  @Override
  public PodFilter preFilter(Pod pod, List<NodeInfo> allNodes) {
    for (Volume v : pod.getSpec().getVolumesList()) {
      if (v.hasPersistentVolumeClaim()) {
        return node -> filter(pod, node);
      }
    }
    return PodFilter.ANY_NODE;
  }

  @Override
  public void preBind(Pod pod, String nodeName) {
    for (Volume v : pod.getSpec().getVolumesList()) {
      if (!v.hasPersistentVolumeClaim()) {
        continue;
      }
      Optional<PersistentVolumeClaim> found = claims.get(pod.getMetadata().getNamespace(),
          v.getPersistentVolumeClaim().getClaimName());
      if (found.isEmpty() || !found.get().getSpec().getVolumeName().isEmpty() || !waitsForFirstConsumer(found.get())
          || nodeName.equals(found.get().getMetadata().getAnnotationsOrDefault(StorageNames.SELECTED_NODE_ANNOTATION, ""))) {
        continue;
      }
      PersistentVolumeClaim claim = found.get();
      claimClient.update(claim.toBuilder().setMetadata(claim.getMetadata().toBuilder()
          .putAnnotations(StorageNames.SELECTED_NODE_ANNOTATION, nodeName)).build());
      log.info("Selected node {} for claim {}/{}", nodeName, claim.getMetadata().getNamespace(), claim.getMetadata().getName());
    }
  }

  private boolean waitsForFirstConsumer(PersistentVolumeClaim claim) {
    return classes.get("", claim.getSpec().getStorageClassName())
        .map(sc -> StorageNames.WAIT_FOR_FIRST_CONSUMER.equals(sc.getVolumeBindingMode()))
        .orElse(false);
  }
}
