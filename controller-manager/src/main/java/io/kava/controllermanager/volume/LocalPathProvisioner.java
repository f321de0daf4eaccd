package io.kava.controllermanager.volume;

import static io.kava.client.storage.StorageNames.DELETE;
import static io.kava.client.storage.StorageNames.HOSTNAME_LABEL;
import static io.kava.client.storage.StorageNames.LOCAL_PATH_PROVISIONER;
import static io.kava.client.storage.StorageNames.PROVISIONED_BY_ANNOTATION;
import static io.kava.client.storage.StorageNames.SELECTED_NODE_ANNOTATION;
import static io.kava.client.storage.StorageNames.STORAGE_PROVISIONER_ANNOTATION;
import static io.kava.client.storage.StorageNames.VOLUME_RELEASED;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.LocalVolumeSource;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.VolumeNodeAffinity;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.EnqueueKeys;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kava.io/local-path provisioner, as rancher's local-path-provisioner: for a claim the binder handed
 * to it (volume.kubernetes.io/storage-provisioner) once the scheduler chose its node
 * (volume.kubernetes.io/selected-node), a directory {@code <dir>/pvc-<uid>} and a PersistentVolume
 * {@code pvc-<uid>} with a local source, the claim's size and access modes, node affinity to that node
 * and a claimRef to the claim; when such a volume is Released with reclaim policy Delete, the directory
 * and then the volume go. It runs in the controller manager because every Kava node of one cluster
 * shares its host (see docs/storage.md): the directory is on the node's host either way.
 */
public final class LocalPathProvisioner implements Controller {
  private static final Logger log = LoggerFactory.getLogger(LocalPathProvisioner.class);
  public static final String NAME = "local-path-provisioner";

  private final KavaClient client;
  private final Path root;
  private final EventRecorder recorder;
  private final WorkQueue claimQueue = new WorkQueue(NAME + "-claims");
  private final WorkQueue volumeQueue = new WorkQueue(NAME + "-volumes");
  private Lister<PersistentVolumeClaim> claims;
  private Lister<PersistentVolume> volumes;
  private Lister<StorageClass> classes;

  public LocalPathProvisioner(KavaClient client, Path root) {
    this(client, root, new EventRecorder(client.resource(Event.class), LOCAL_PATH_PROVISIONER, ""));
  }

  public LocalPathProvisioner(KavaClient client, Path root, EventRecorder recorder) {
    this.client = client;
    this.root = root;
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
    claims = claimInformer.lister();
    volumes = volumeInformer.lister();
    classes = informers.informer(StorageClass.class).lister();
    claimInformer.addEventHandler(new EnqueueKeys<>(claimQueue::add));
    volumeInformer.addEventHandler(new EnqueueKeys<>(volumeQueue::add));
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME + "-claims", claimQueue, workers, this::syncClaim);
    Workers.start(NAME + "-volumes", volumeQueue, workers, this::syncVolume);
  }

  /** Provisions the claim's volume when it is ours to make and its node is chosen. */
  public void syncClaim(String key) throws IOException {
    Optional<PersistentVolumeClaim> found = claims.get(key);
    if (found.isEmpty()) {
      return;
    }
    PersistentVolumeClaim claim = found.get();
    var meta = claim.getMetadata();
    if (!claim.getSpec().getVolumeName().isEmpty() || !meta.getDeletionTimestamp().isEmpty()
        || !LOCAL_PATH_PROVISIONER.equals(meta.getAnnotationsOrDefault(STORAGE_PROVISIONER_ANNOTATION, ""))) {
      return;
    }
    Optional<StorageClass> sc = classes.get("", claim.getSpec().getStorageClassName());
    if (sc.isEmpty() || !LOCAL_PATH_PROVISIONER.equals(sc.get().getProvisioner())) {
      return;
    }
    String node = meta.getAnnotationsOrDefault(SELECTED_NODE_ANNOTATION, "");
    if (node.isEmpty()) {
      recorder.warning(claim, "ProvisioningFailed",
          "failed to provision volume with StorageClass \"" + sc.get().getMetadata().getName()
              + "\": configuration error, no node was specified (use volumeBindingMode WaitForFirstConsumer)");
      return;
    }
    String name = volumeName(claim);
    if (volumes.get("", name).isPresent()) {
      return;
    }
    Path dir = root.resolve(name);
    recorder.normal(claim, "Provisioning", "External provisioner is provisioning volume for claim \"" + key + "\"");
    Files.createDirectories(dir);
    // Containers of any user write there, as rancher's provisioner's 0777.
    dir.toFile().setWritable(true, false);
    try {
      client.resource(PersistentVolume.class).create(volumeFor(claim, sc.get(), node, dir));
    } catch (ApiException e) {
      if (!e.isAlreadyExists()) {
        throw e;
      }
    }
    log.info("Provisioned volume {} at {} on node {} for claim {}", name, dir, node, key);
    recorder.normal(claim, "ProvisioningSucceeded", "Successfully provisioned volume " + name);
  }

  static String volumeName(PersistentVolumeClaim claim) {
    return "pvc-" + claim.getMetadata().getUid();
  }

  static PersistentVolume volumeFor(PersistentVolumeClaim claim, StorageClass sc, String node, Path dir) {
    var c = claim.getMetadata();
    PersistentVolumeSpec.Builder spec = PersistentVolumeSpec.newBuilder()
        .putCapacity("storage", claim.getSpec().getResources().getRequestsOrThrow("storage"))
        .addAllAccessModes(claim.getSpec().getAccessModesList())
        .setPersistentVolumeReclaimPolicy(sc.hasReclaimPolicy() ? sc.getReclaimPolicy() : DELETE)
        .setStorageClassName(claim.getSpec().getStorageClassName())
        .setLocal(LocalVolumeSource.newBuilder().setPath(dir.toString()))
        .setNodeAffinity(VolumeNodeAffinity.newBuilder().setRequired(NodeSelector.newBuilder().addNodeSelectorTerms(
            NodeSelectorTerm.newBuilder().addMatchExpressions(NodeSelectorRequirement.newBuilder()
                .setKey(HOSTNAME_LABEL).setOperator("In").addValues(node)))))
        .setClaimRef(ObjectReference.newBuilder().setKind("PersistentVolumeClaim").setApiVersion("v1")
            .setNamespace(c.getNamespace()).setName(c.getName()).setUid(c.getUid()));
    if (claim.getSpec().hasVolumeMode()) {
      spec.setVolumeMode(claim.getSpec().getVolumeMode());
    }
    return PersistentVolume.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName(volumeName(claim))
            .putAnnotations(PROVISIONED_BY_ANNOTATION, LOCAL_PATH_PROVISIONER))
        .setSpec(spec)
        .build();
  }

  /** A released volume of ours with reclaim policy Delete: its directory, then the object. */
  public void syncVolume(String name) throws IOException {
    Optional<PersistentVolume> found = volumes.get("", name);
    if (found.isEmpty()) {
      return;
    }
    PersistentVolume pv = found.get();
    if (!LOCAL_PATH_PROVISIONER.equals(pv.getMetadata().getAnnotationsOrDefault(PROVISIONED_BY_ANNOTATION, ""))
        || !VOLUME_RELEASED.equals(pv.getStatus().getPhase())
        || !DELETE.equals(pv.getSpec().getPersistentVolumeReclaimPolicy())
        || !pv.getMetadata().getDeletionTimestamp().isEmpty()) {
      return;
    }
    Path dir = Path.of(pv.getSpec().getLocal().getPath());
    if (dir.startsWith(root) && !dir.equals(root)) {
      deleteRecursively(dir);
    }
    try {
      client.resource(PersistentVolume.class).delete("", name);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    log.info("Deleted volume {} and its directory {}", name, dir);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void stop() {
    claimQueue.shutDown();
    volumeQueue.shutDown();
    recorder.close();
  }
}
