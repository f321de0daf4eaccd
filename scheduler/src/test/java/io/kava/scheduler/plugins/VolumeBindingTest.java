package io.kava.scheduler.plugins;

import static io.kava.scheduler.TestObjects.labeled;
import static io.kava.scheduler.TestObjects.node;
import static io.kava.scheduler.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.LocalVolumeSource;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeNodeAffinity;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.storage.v1.StorageClass;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.storage.StorageNames;
import io.kava.client.testing.FakeApi;
import io.kava.scheduler.framework.NodeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** VolumeBinding's filter (claim present, volume node affinity, unbound Immediate claims) and its PreBind annotation. */
class VolumeBindingTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private InformerFactory informers;
  private final List<VolumeBinding> plugins = new ArrayList<>();

  @AfterEach
  void close() {
    plugins.forEach(VolumeBinding::close);
    if (informers != null) {
      informers.close();
    }
    client.close();
    api.close();
  }

  private VolumeBinding start() throws InterruptedException {
    return start(VolumeBinding.DEFAULT_BIND_TIMEOUT);
  }

  private VolumeBinding start(Duration bindTimeout) throws InterruptedException {
    informers = new InformerFactory(client, Duration.ZERO);
    var claimInformer = informers.informer(PersistentVolumeClaim.class);
    VolumeBinding plugin = new VolumeBinding(claimInformer.lister(),
        informers.informer(PersistentVolume.class).lister(), informers.informer(StorageClass.class).lister(),
        client.resource(PersistentVolumeClaim.class), bindTimeout);
    claimInformer.addEventHandler(plugin.claimEvents());
    plugins.add(plugin);
    informers.start();
    assertThat(informers.waitForSync(Duration.ofSeconds(20))).isTrue();
    return plugin;
  }

  private static Pod using(String claim) {
    Pod pod = pod("app");
    return pod.toBuilder().setSpec(pod.getSpec().toBuilder().addVolumes(Volume.newBuilder().setName("data")
        .setPersistentVolumeClaim(PersistentVolumeClaimVolumeSource.newBuilder().setClaimName(claim)))).build();
  }

  private static PersistentVolumeClaim claim(String sc, String volumeName) {
    return PersistentVolumeClaim.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace(pod("app").getMetadata().getNamespace()).setName("data"))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().setStorageClassName(sc).setVolumeName(volumeName)).build();
  }

  private static NodeInfo info(String name) {
    return NodeInfo.of(labeled(node(name), StorageNames.HOSTNAME_LABEL, name), List.of());
  }

  @Test
  void aMissingClaimKeepsThePodOff() throws Exception {
    VolumeBinding plugin = start();

    assertThat(plugin.filter(using("data"), info("n1")).reasons()).containsExactly("persistentvolumeclaim \"data\" not found");
  }

  @Test
  void aBoundLocalVolumeKeepsThePodOnItsNode() throws Exception {
    api.seed(claim("standard", "pv1"));
    api.seed(PersistentVolume.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("pv1"))
        .setSpec(PersistentVolumeSpec.newBuilder().setLocal(LocalVolumeSource.newBuilder().setPath("/x"))
            .setNodeAffinity(VolumeNodeAffinity.newBuilder().setRequired(NodeSelector.newBuilder().addNodeSelectorTerms(
                NodeSelectorTerm.newBuilder().addMatchExpressions(NodeSelectorRequirement.newBuilder()
                    .setKey(StorageNames.HOSTNAME_LABEL).setOperator("In").addValues("n2")))))).build());
    VolumeBinding plugin = start();

    assertThat(plugin.filter(using("data"), info("n1")).reasons()).containsExactly(VolumeBinding.AFFINITY_CONFLICT);
    assertThat(plugin.filter(using("data"), info("n2")).isSuccess()).isTrue();
  }

  @Test
  void anUnboundImmediateClaimWaitsAWaitForFirstConsumerOneIsAnnotatedOnPreBind() throws Exception {
    api.seed(StorageClass.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("wffc"))
        .setProvisioner("x").setVolumeBindingMode("WaitForFirstConsumer").build());
    api.seed(StorageClass.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("now"))
        .setProvisioner("x").setVolumeBindingMode("Immediate").build());
    api.seed(claim("now", ""));
    VolumeBinding plugin = start();
    assertThat(plugin.filter(using("data"), info("n1")).reasons()).containsExactly(VolumeBinding.UNBOUND_IMMEDIATE);
    informers.close();

    client.resource(PersistentVolumeClaim.class).delete(claim("", "").getMetadata().getNamespace(), "data");
    api.seed(claim("wffc", ""));
    plugin = start();
    assertThat(plugin.filter(using("data"), info("n1")).isSuccess()).isTrue();

    plugin.preBind(using("data"), "n1");

    assertThat(client.resource(PersistentVolumeClaim.class).get(claim("", "").getMetadata().getNamespace(), "data")
        .getMetadata().getAnnotationsMap()).containsEntry(StorageNames.SELECTED_NODE_ANNOTATION, "n1");
  }

  private void seedWaitForFirstConsumerClass() {
    api.seed(StorageClass.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("wffc"))
        .setProvisioner("x").setVolumeBindingMode("WaitForFirstConsumer").build());
  }

  private PersistentVolumeClaim currentClaim() {
    return client.resource(PersistentVolumeClaim.class).get(pod("app").getMetadata().getNamespace(), "data");
  }

  @Test
  void preBindWaitsUntilTheClaimIsBoundBeforeThePodMayBeBound() throws Exception {
    seedWaitForFirstConsumerClass();
    api.seed(claim("wffc", ""));
    VolumeBinding plugin = start();

    CompletableFuture<Void> bound = plugin.preBind(using("data"), "n1");

    assertThat(currentClaim().getMetadata().getAnnotationsMap()).containsEntry(StorageNames.SELECTED_NODE_ANNOTATION, "n1");
    assertThat(bound).isNotDone();
    // What the provisioner and the binder do: a volume, then the claim's volumeName and bind-completed.
    api.seed(PersistentVolume.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("pv1")).build());
    PersistentVolumeClaim claim = currentClaim();
    client.resource(PersistentVolumeClaim.class).update(claim.toBuilder()
        .setMetadata(claim.getMetadata().toBuilder().putAnnotations(StorageNames.BIND_COMPLETED_ANNOTATION, "yes"))
        .setSpec(claim.getSpec().toBuilder().setVolumeName("pv1")).build());

    bound.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aClaimNotBoundWithinTheBindTimeoutFailsThePreBind() throws Exception {
    seedWaitForFirstConsumerClass();
    api.seed(claim("wffc", ""));
    VolumeBinding plugin = start(Duration.ofMillis(300));

    CompletableFuture<Void> bound = plugin.preBind(using("data"), "n1");

    assertThatThrownBy(() -> bound.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("timed out waiting for default/data to be bound");
  }

  @Test
  void aBoundOrImmediateClaimNeedsNoWait() throws Exception {
    api.seed(claim("standard", "pv1"));
    VolumeBinding plugin = start();

    assertThat(plugin.preBind(using("data"), "n1")).isDone();
  }

  @Test
  void aClaimAlreadyGivenToANodeKeepsItsPodsThere() throws Exception {
    seedWaitForFirstConsumerClass();
    PersistentVolumeClaim claim = claim("wffc", "");
    api.seed(claim.toBuilder().setMetadata(claim.getMetadata().toBuilder()
        .putAnnotations(StorageNames.SELECTED_NODE_ANNOTATION, "n2")).build());
    VolumeBinding plugin = start();

    assertThat(plugin.filter(using("data"), info("n1")).reasons()).containsExactly(VolumeBinding.NOT_ENOUGH_SPACE);
    assertThat(plugin.filter(using("data"), info("n2")).isSuccess()).isTrue();
  }
}
