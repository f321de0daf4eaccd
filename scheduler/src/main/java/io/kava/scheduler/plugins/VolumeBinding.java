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
import io.kava.client.informer.ResourceEventHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A part of upstream's VolumeBinding plugin. Filter: every claim the pod names must exist and not be
 * going away; a bound claim's volume must allow the node (its nodeAffinity: a local volume keeps its pod
 * on the node that holds the data); an unbound claim is fine only if its class waits for the first
 * consumer (an unbound Immediate claim waits for the binder), and only on the node it was already
 * given (volume.kubernetes.io/selected-node), as upstream. PreBind: an unbound WaitForFirstConsumer
 * claim gets volume.kubernetes.io/selected-node, which lets the binder and the provisioner act; then
 * the pod waits, in its binding cycle, until each such claim is bound (volumeName and
 * pv.kubernetes.io/bind-completed) before it is bound itself, at most the bind timeout (upstream's
 * --bind-timeout-seconds, 600 s). The wait holds no thread ({@link ClaimBindingWaits}); a timeout
 * fails the binding and the pod is tried again.
 */
public final class VolumeBinding implements FilterPlugin, PreBindPlugin, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VolumeBinding.class);
  public static final String NAME = "VolumeBinding";
  public static final Duration DEFAULT_BIND_TIMEOUT = Duration.ofSeconds(600);
  static final String AFFINITY_CONFLICT = "node(s) had volume node affinity conflict";
  static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
  /** Upstream's reason when a claim being provisioned was given another node. */
  static final String NOT_ENOUGH_SPACE = "node(s) did not have enough free storage";

  private final Lister<PersistentVolumeClaim> claims;
  private final Lister<PersistentVolume> volumes;
  private final Lister<StorageClass> classes;
  private final ResourceClient<PersistentVolumeClaim> claimClient;
  private final ClaimBindingWaits waits;

  public VolumeBinding(Lister<PersistentVolumeClaim> claims, Lister<PersistentVolume> volumes,
      Lister<StorageClass> classes, ResourceClient<PersistentVolumeClaim> claimClient) {
    this(claims, volumes, classes, claimClient, DEFAULT_BIND_TIMEOUT);
  }

  /** Register {@link #claimEvents()} on the claim informer whose lister this is. */
  public VolumeBinding(Lister<PersistentVolumeClaim> claims, Lister<PersistentVolume> volumes,
      Lister<StorageClass> classes, ResourceClient<PersistentVolumeClaim> claimClient, Duration bindTimeout) {
    this.claims = claims;
    this.volumes = volumes;
    this.classes = classes;
    this.claimClient = claimClient;
    this.waits = new ClaimBindingWaits(bindTimeout);
  }

  /** The claim informer's events wake the PreBind waits. */
  public ResourceEventHandler<PersistentVolumeClaim> claimEvents() {
    return waits;
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
        return FilterResult.unresolvable("persistentvolumeclaim \"" + claimName + "\" not found");
      }
      if (!claim.get().getMetadata().getDeletionTimestamp().isEmpty()) {
        return FilterResult.unresolvable("persistentvolumeclaim \"" + claimName + "\" is being deleted");
      }
      String volumeName = claim.get().getSpec().getVolumeName();
      if (!volumeName.isEmpty()) {
        Optional<PersistentVolume> pv = volumes.get("", volumeName);
        if (pv.isPresent() && pv.get().getSpec().hasNodeAffinity()
            && !NodeSelectors.matches(pv.get().getSpec().getNodeAffinity().getRequired(), nodeInfo.node())) {
          return FilterResult.unresolvable(AFFINITY_CONFLICT);
        }
      } else if (!waitsForFirstConsumer(claim.get())) {
        return FilterResult.unresolvable(UNBOUND_IMMEDIATE);
      } else {
        String selected = claim.get().getMetadata().getAnnotationsOrDefault(StorageNames.SELECTED_NODE_ANNOTATION, "");
        if (!selected.isEmpty() && !selected.equals(nodeInfo.node().getMetadata().getName())) {
          return FilterResult.unschedulable(NOT_ENOUGH_SPACE);
        }
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
  public CompletableFuture<Void> preBind(Pod pod, String nodeName) {
    String ns = pod.getMetadata().getNamespace();
    // Claim name to the revision the cache must have reached for its annotation to show (our own write).
    Map<String, Long> waitFor = new LinkedHashMap<>();
    for (Volume v : pod.getSpec().getVolumesList()) {
      if (!v.hasPersistentVolumeClaim()) {
        continue;
      }
      Optional<PersistentVolumeClaim> found = claims.get(ns, v.getPersistentVolumeClaim().getClaimName());
      if (found.isEmpty() || !found.get().getSpec().getVolumeName().isEmpty() || !waitsForFirstConsumer(found.get())) {
        continue;
      }
      PersistentVolumeClaim claim = found.get();
      if (!nodeName.equals(claim.getMetadata().getAnnotationsOrDefault(StorageNames.SELECTED_NODE_ANNOTATION, ""))) {
        claim = claimClient.update(claim.toBuilder().setMetadata(claim.getMetadata().toBuilder()
            .putAnnotations(StorageNames.SELECTED_NODE_ANNOTATION, nodeName)).build());
        log.info("Selected node {} for claim {}/{}", nodeName, ns, claim.getMetadata().getName());
      }
      waitFor.put(claim.getMetadata().getName(), revision(claim));
    }
    if (waitFor.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return waits.await(waitFor.keySet().stream().map(name -> ns + "/" + name).toList(),
        () -> allBound(ns, waitFor, nodeName));
  }

  private static long revision(PersistentVolumeClaim claim) {
    try {
      return Long.parseLong(claim.getMetadata().getResourceVersion());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Upstream's checkBindings for claims being provisioned: bound and bind-completed, or a reason it never will be. */
  private boolean allBound(String ns, Map<String, Long> written, String nodeName) {
    for (Map.Entry<String, Long> e : written.entrySet()) {
      String name = e.getKey();
      Optional<PersistentVolumeClaim> cached = claims.get(ns, name);
      if (cached.isPresent() && revision(cached.get()) < e.getValue()) {
        return false; // the cache has not shown our own annotation yet
      }
      PersistentVolumeClaim claim = cached.orElseThrow(() ->
          new IllegalStateException("binding volumes: failed to get pvc \"" + ns + "/" + name + "\": not found"));
      if (claim.getSpec().getVolumeName().isEmpty()) {
        String selected = claim.getMetadata().getAnnotationsOrDefault(StorageNames.SELECTED_NODE_ANNOTATION, "");
        if (!selected.equals(nodeName)) {
          throw new IllegalStateException("binding volumes: selectedNode annotation reset for PVC \"" + name + "\"");
        }
        return false;
      }
      if (!claim.getMetadata().containsAnnotations(StorageNames.BIND_COMPLETED_ANNOTATION)
          || volumes.get("", claim.getSpec().getVolumeName()).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private boolean waitsForFirstConsumer(PersistentVolumeClaim claim) {
    return classes.get("", claim.getSpec().getStorageClassName())
        .map(sc -> StorageNames.WAIT_FOR_FIRST_CONSUMER.equals(sc.getVolumeBindingMode()))
        .orElse(false);
  }

  @Override
  public void close() {
    waits.close();
  }
}
