package io.kava.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.DeploymentStrategy;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetStatus;
import io.kava.api.apps.v1.RollingUpdateDeployment;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.Times;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A Deployment controller over a fake API server, driven one sync at a time. The test plays the
 * ReplicaSet controller by writing ReplicaSet status itself. Events go to a second fake server so
 * {@link FakeApi#writes()} holds only the controller's writes.
 */
final class DeploymentFixture implements AutoCloseable {
  static final String NS = "default";
  static final String NAME = "web";
  static final String KEY = NS + "/" + NAME;
  static final Map<String, String> LABELS = Map.of("app", "web");
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final FakeApi api = new FakeApi();
  final FakeApi eventApi = new FakeApi();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final KavaClient client = client(api);
  InformerFactory informers;
  DeploymentController controller;

  static PodTemplateSpec template(String image) {
    return PodTemplateSpec.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().putAllLabels(LABELS))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("app").setImage(image)))
        .build();
  }

  static IntOrString intOrString(String v) {
    return v.endsWith("%") ? IntOrString.newBuilder().setStrVal(v).build()
        : IntOrString.newBuilder().setIntVal(Integer.parseInt(v)).build();
  }

  /** A stored Deployment as the API server keeps it: uid, generation 1, creationTimestamp. */
  static Deployment deployment(int replicas, String image) {
    return Deployment.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName(NAME).setUid(UUID.randomUUID().toString())
            .setGeneration(1).setCreationTimestamp(Times.now()))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(replicas)
            .setSelector(LabelSelector.newBuilder().putAllMatchLabels(LABELS))
            .setTemplate(template(image)))
        .build();
  }

  static Deployment rolling(Deployment d, String maxSurge, String maxUnavailable) {
    return d.toBuilder().setSpec(d.getSpec().toBuilder().setStrategy(DeploymentStrategy.newBuilder()
        .setType("RollingUpdate").setRollingUpdate(RollingUpdateDeployment.newBuilder()
            .setMaxSurge(intOrString(maxSurge)).setMaxUnavailable(intOrString(maxUnavailable))))).build();
  }

  static Deployment recreate(Deployment d) {
    return d.toBuilder().setSpec(d.getSpec().toBuilder()
        .setStrategy(DeploymentStrategy.newBuilder().setType("Recreate"))).build();
  }

  /**
   * A ReplicaSet the controller would have made for this Deployment with the given image, at a
   * revision and size, fully observed by its controller with every pod available.
   */
  static ReplicaSet ownedReplicaSet(Deployment d, String image, long revision, int replicas, Instant created) {
    Deployment withImage = d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(template(image))).build();
    ReplicaSet rs = NewReplicaSets.build(withImage);
    int desired = DeploymentSpecs.replicas(d);
    return rs.toBuilder()
        .setMetadata(rs.getMetadata().toBuilder().setUid(UUID.randomUUID().toString()).setGeneration(1)
            .setCreationTimestamp(Times.format(created))
            .putAnnotations(Revisions.REVISION, Long.toString(revision))
            .putAnnotations(Revisions.DESIRED_REPLICAS, Integer.toString(desired))
            .putAnnotations(Revisions.MAX_REPLICAS, Integer.toString(desired + Fenceposts.maxSurge(d))))
        .setSpec(rs.getSpec().toBuilder().setReplicas(replicas))
        .setStatus(ReplicaSetStatus.newBuilder().setReplicas(replicas).setReadyReplicas(replicas)
            .setAvailableReplicas(replicas).setObservedGeneration(1))
        .build();
  }

  KavaClient client(FakeApi server) {
    KavaClient c = server.client();
    closeables.add(c);
    return c;
  }

  /** Starts informers and the controller (no workers: the test calls sync). */
  void start() throws InterruptedException {
    start(client);
  }

  void start(KavaClient writes) throws InterruptedException {
    start(client, writes);
  }

  /** Caches filled from {@code reads}, writes to {@code writes}. */
  void start(KavaClient reads, KavaClient writes) throws InterruptedException {
    EventRecorder recorder = new EventRecorder(client(eventApi).resource(Event.class), "deployment-controller", "");
    controller = new DeploymentController(writes, recorder, clock);
    informers = new InformerFactory(reads, Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
  }

  /**
   * Waits until the caches show exactly what the server stores (and so every write of the controller),
   * then syncs once and returns the writes that sync made.
   */
  List<String> sync() {
    awaitCachesCurrent();
    int before = api.writes().size();
    controller.sync(KEY);
    return api.writes().subList(before, api.writes().size());
  }

  void awaitCachesCurrent() {
    await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).until(() -> controller.cachesCaughtUp(KEY)
        && versions(informers.informer(Deployment.class).lister().list()).equals(versions(deployments()))
        && versions(informers.informer(ReplicaSet.class).lister().list()).equals(versions(replicaSets()))
        && versions(informers.informer(Pod.class).lister().list()).equals(versions(pods())));
  }

  private static Map<String, String> versions(List<? extends com.google.protobuf.Message> objects) {
    Map<String, String> out = new HashMap<>();
    objects.forEach(o -> out.put(ApiObjects.key(o), ApiObjects.resourceVersion(o)));
    return out;
  }

  Deployment deployment() {
    return client.resource(Deployment.class).get(NS, NAME);
  }

  List<Deployment> deployments() {
    return client.resource(Deployment.class).list(ListOptions.all()).items();
  }

  /** Stored ReplicaSets, oldest revision first. */
  List<ReplicaSet> replicaSets() {
    List<ReplicaSet> list = new ArrayList<>(client.resource(ReplicaSet.class).list(ListOptions.all()).items());
    list.sort(Comparator.comparingLong(Revisions::revision));
    return list;
  }

  ReplicaSet replicaSet(String name) {
    return client.resource(ReplicaSet.class).get(NS, name);
  }

  List<Pod> pods() {
    return client.resource(Pod.class).list(ListOptions.all()).items();
  }

  /** A spec change as the API server stores it: generation moves on. */
  Deployment updateSpec(UnaryOperator<DeploymentSpec.Builder> change) {
    Deployment d = deployment();
    return client.resource(Deployment.class).update(d.toBuilder()
        .setMetadata(d.getMetadata().toBuilder().setGeneration(d.getMetadata().getGeneration() + 1))
        .setSpec(change.apply(d.getSpec().toBuilder())).build());
  }

  Deployment changeImage(String image) {
    return updateSpec(s -> s.setTemplate(template(image)));
  }

  /**
   * Plays the ReplicaSet controller: status.replicas follows spec.replicas, {@code available} of them
   * ready and available, current generation observed.
   */
  ReplicaSet reportStatus(String name, int available) {
    ReplicaSet rs = replicaSet(name);
    return client.resource(ReplicaSet.class).updateStatus(rs.toBuilder().setStatus(ReplicaSetStatus.newBuilder()
        .setReplicas(ReplicaSets.replicas(rs)).setFullyLabeledReplicas(ReplicaSets.replicas(rs))
        .setReadyReplicas(available).setAvailableReplicas(available)
        .setObservedGeneration(rs.getMetadata().getGeneration())).build());
  }

  /** Every pod of every ReplicaSet available. */
  void reportAllAvailable() {
    for (ReplicaSet rs : replicaSets()) {
      reportStatus(rs.getMetadata().getName(), ReplicaSets.replicas(rs));
    }
  }

  /** Events recorded so far, as "Type Reason: message". */
  List<String> events() {
    List<String> out = new ArrayList<>();
    for (Event e : client(eventApi).resource(Event.class).list(ListOptions.all()).items()) {
      out.add(e.getType() + " " + e.getReason() + ": " + e.getMessage());
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    if (controller != null) {
      controller.stop();
    }
    if (informers != null) {
      informers.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    api.close();
    eventApi.close();
  }
}
