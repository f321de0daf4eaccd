package io.kava.controllermanager.deployment;

import static io.kava.controllermanager.deployment.DeploymentFixture.KEY;
import static io.kava.controllermanager.deployment.DeploymentFixture.NAME;
import static io.kava.controllermanager.deployment.DeploymentFixture.NS;
import static io.kava.controllermanager.deployment.DeploymentFixture.TIMEOUT;
import static io.kava.controllermanager.deployment.DeploymentFixture.deployment;
import static io.kava.controllermanager.deployment.DeploymentFixture.ownedReplicaSet;
import static io.kava.controllermanager.deployment.DeploymentFixture.recreate;
import static io.kava.controllermanager.deployment.DeploymentFixture.rolling;
import static io.kava.controllermanager.deployment.DeploymentFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentCondition;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.util.OwnerReferences;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest {
  private final DeploymentFixture f = new DeploymentFixture();

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private static String hash(Deployment d) {
    return PodTemplateHash.compute(d.getSpec().getTemplate(), null);
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    return Conditions.get(d.getStatus(), type);
  }

  /** Seeds a Deployment whose single ReplicaSet (revision 1) runs every replica, status written. */
  private Deployment steadyState(Deployment d) throws InterruptedException {
    f.api.seed(d);
    f.start();
    f.sync();
    f.reportAllAvailable();
    f.sync();
    return f.deployment();
  }

  @Test
  void newDeploymentCreatesOneReplicaSetWithHashLabelRevisionAndOwnerReference() throws Exception {
    Deployment d = f.api.seed(deployment(3, "nginx:1.14.2"));
    f.start();

    List<String> writes = f.sync();

    String rsName = NAME + "-" + hash(d);
    assertThat(writes).containsExactly(
        "create replicasets default/" + rsName,
        "update deployments default/web",   // revision annotation
        "status deployments default/web",   // Progressing: NewReplicaSetCreated
        "status deployments default/web");  // counts and Available
    ReplicaSet rs = f.replicaSet(rsName);
    String hash = hash(d);
    assertThat(rs.getMetadata().getLabelsMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("app", "web", PodTemplateHash.LABEL, hash));
    assertThat(rs.getSpec().getSelector().getMatchLabelsMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("app", "web", PodTemplateHash.LABEL, hash));
    assertThat(rs.getSpec().getTemplate().getMetadata().getLabelsMap()).containsEntry(PodTemplateHash.LABEL, hash);
    assertThat(rs.getSpec().getTemplate().getSpec()).isEqualTo(d.getSpec().getTemplate().getSpec());
    assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
    assertThat(rs.getMetadata().getAnnotationsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        Revisions.REVISION, "1", Revisions.DESIRED_REPLICAS, "3", Revisions.MAX_REPLICAS, "4"));
    assertThat(rs.getMetadata().getOwnerReferencesList()).containsExactly(OwnerReference.newBuilder()
        .setApiVersion("apps/v1").setKind("Deployment").setName(NAME).setUid(d.getMetadata().getUid())
        .setController(true).setBlockOwnerDeletion(true).build());

    Deployment stored = f.deployment();
    assertThat(stored.getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "1");
    assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(1);
    assertThat(stored.getStatus().getUnavailableReplicas()).isEqualTo(3);
    assertThat(condition(stored, Conditions.PROGRESSING).getReason()).isEqualTo(Conditions.NEW_REPLICA_SET);
    assertThat(condition(stored, Conditions.PROGRESSING).getMessage())
        .isEqualTo("Created new replica set \"" + rsName + "\"");
    assertThat(condition(stored, Conditions.AVAILABLE).getReason()).isEqualTo(Conditions.MINIMUM_REPLICAS_UNAVAILABLE);
    await().atMost(TIMEOUT).until(() -> f.events().contains(
        "Normal ScalingReplicaSet: Scaled up replica set " + rsName + " to 3"));
  }

  @Test
  void availabilityCompletesTheRolloutAndASecondSyncWithNothingChangedWritesNothing() throws Exception {
    f.api.seed(deployment(3, "nginx:1.14.2"));
    f.start();
    f.sync();
    f.reportAllAvailable();

    assertThat(f.sync()).containsExactly("status deployments default/web");
    Deployment d = f.deployment();
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUnavailableReplicas()).isZero();
    assertThat(condition(d, Conditions.AVAILABLE).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(condition(d, Conditions.AVAILABLE).getReason()).isEqualTo(Conditions.MINIMUM_REPLICAS_AVAILABLE);
    assertThat(condition(d, Conditions.PROGRESSING).getReason()).isEqualTo(Conditions.NEW_RS_AVAILABLE);

    f.clock.advance(Duration.ofMinutes(30));
    assertThat(f.sync()).isEmpty();
    assertThat(f.sync()).isEmpty();
  }

  @Test
  void scalingWithoutTemplateChangeScalesTheReplicaSet() throws Exception {
    steadyState(deployment(3, "nginx:1.14.2"));
    String rsName = f.replicaSets().get(0).getMetadata().getName();

    f.updateSpec(s -> s.setReplicas(5));
    List<String> writes = f.sync();

    assertThat(writes).containsExactly("update replicasets default/" + rsName, "status deployments default/web");
    ReplicaSet rs = f.replicaSet(rsName);
    assertThat(rs.getSpec().getReplicas()).isEqualTo(5);
    // 25% of 5 rounds up to a surge of 2.
    assertThat(rs.getMetadata().getAnnotationsMap())
        .containsEntry(Revisions.DESIRED_REPLICAS, "5").containsEntry(Revisions.MAX_REPLICAS, "7")
        .containsEntry(Revisions.REVISION, "1");
    assertThat(f.replicaSets()).hasSize(1);
    await().atMost(TIMEOUT).until(() -> f.events().contains(
        "Normal ScalingReplicaSet: Scaled up replica set " + rsName + " to 5"));
  }

  @Test
  void rollingUpdateWithSurgeOneNeverExceedsFourPodsOrDropsBelowThreeAvailable() throws Exception {
    steadyState(rolling(deployment(3, "v1"), "1", "0"));
    ReplicaSet oldRS = f.replicaSets().get(0);
    String oldName = oldRS.getMetadata().getName();

    Deployment changed = f.changeImage("v2");
    String newName = NAME + "-" + hash(changed);
    assertThat(f.sync()).startsWith("create replicasets default/" + newName);
    assertThat(sizes(oldName, newName)).containsExactly(3, 1);
    assertThat(f.replicaSet(newName).getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "2");

    // The new pod exists but is not available yet: nothing more may move.
    f.reportStatus(newName, 0);
    List<String> writes = f.sync();
    assertThat(writes).noneMatch(w -> w.startsWith("update replicasets") || w.startsWith("create"));
    assertThat(sizes(oldName, newName)).containsExactly(3, 1);

    List<List<Integer>> steps = new ArrayList<>();
    for (int i = 0; i < 12 && !sizes(oldName, newName).equals(List.of(0, 3)); i++) {
      f.reportAllAvailable();
      assertThat(available()).as("available pods").isGreaterThanOrEqualTo(3);
      f.sync();
      List<Integer> s = sizes(oldName, newName);
      assertThat(s.get(0) + s.get(1)).as("pods wanted in total").isLessThanOrEqualTo(4);
      steps.add(s);
    }
    assertThat(steps).containsExactly(List.of(2, 1), List.of(2, 2), List.of(1, 2), List.of(1, 3), List.of(0, 3));

    f.reportAllAvailable();
    f.sync();
    Deployment d = f.deployment();
    assertThat(d.getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "2");
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(condition(d, Conditions.PROGRESSING).getReason()).isEqualTo(Conditions.NEW_RS_AVAILABLE);
    assertThat(condition(d, Conditions.PROGRESSING).getMessage())
        .isEqualTo("ReplicaSet \"" + newName + "\" has successfully progressed.");
    assertThat(f.sync()).isEmpty();
    await().atMost(TIMEOUT).until(() -> f.events().containsAll(List.of(
        "Normal ScalingReplicaSet: Scaled up replica set " + newName + " to 1",
        "Normal ScalingReplicaSet: Scaled down replica set " + oldName + " to 2",
        "Normal ScalingReplicaSet: Scaled down replica set " + oldName + " to 0")));
  }

  private List<Integer> sizes(String... names) {
    List<Integer> out = new ArrayList<>();
    for (String n : names) {
      out.add(ReplicaSets.replicas(f.replicaSet(n)));
    }
    return out;
  }

  private int available() {
    return ReplicaSets.availableReplicas(f.replicaSets());
  }

  @Test
  void rollingUpdateWithDefaultQuarterFencepostsSurgesOneAndKeepsAllThreeAvailable() throws Exception {
    // 25% of 3: surge rounds up to 1, unavailable rounds down to 0.
    steadyState(deployment(3, "v1"));
    String oldName = f.replicaSets().get(0).getMetadata().getName();
    String newName = NAME + "-" + hash(f.changeImage("v2"));

    f.sync();
    assertThat(sizes(oldName, newName)).containsExactly(3, 1);
    f.reportStatus(newName, 0);
    f.sync();
    assertThat(sizes(oldName, newName)).containsExactly(3, 1);
    f.reportAllAvailable();
    f.sync();
    assertThat(sizes(oldName, newName)).containsExactly(2, 1);
  }

  @Test
  void maxUnavailableOneWithoutSurgeScalesOldDownFirst() throws Exception {
    steadyState(rolling(deployment(3, "v1"), "0", "1"));
    String oldName = f.replicaSets().get(0).getMetadata().getName();
    String newName = NAME + "-" + hash(f.changeImage("v2"));

    f.sync();
    // No surge: the new ReplicaSet starts empty and the old one gives up one pod.
    assertThat(sizes(oldName, newName)).containsExactly(2, 0);
    f.reportAllAvailable();
    f.sync();
    assertThat(sizes(oldName, newName)).containsExactly(2, 1);
  }

  @Test
  void unhealthyOldPodsAreScaledDownFirst() throws Exception {
    steadyState(rolling(deployment(3, "v1"), "1", "1"));
    String oldName = f.replicaSets().get(0).getMetadata().getName();
    f.reportStatus(oldName, 1); // two old pods crash
    String newName = NAME + "-" + hash(f.changeImage("v2"));

    f.sync();
    // Budget: 4 pods - minAvailable 2 - 1 unavailable new pod = 1. With only 1 pod available no
    // available one may go, so the old ReplicaSet shrank by an unhealthy pod.
    assertThat(sizes(oldName, newName)).containsExactly(2, 1);
    assertThat(available()).isEqualTo(1);
    f.reportStatus(oldName, 1);
    f.reportStatus(newName, 0);
    f.sync();
    assertThat(sizes(oldName, newName)).containsExactly(2, 2);
  }

  @Test
  void recreateScalesOldToZeroAndCreatesTheNewReplicaSetOnlyWhenOldPodsAreGone() throws Exception {
    Deployment d = steadyState(recreate(deployment(3, "v1")));
    ReplicaSet oldRS = f.replicaSets().get(0);
    String oldName = oldRS.getMetadata().getName();
    List<Pod> oldPods = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      oldPods.add(f.api.seed(pod(oldName + "-" + i, oldRS, "Running")));
    }

    Deployment changed = f.changeImage("v2");
    String newName = NAME + "-" + hash(changed);
    assertThat(f.sync()).first().isEqualTo("update replicasets default/" + oldName);
    assertThat(ReplicaSets.replicas(f.replicaSet(oldName))).isZero();
    assertThat(f.replicaSets()).hasSize(1);

    // The ReplicaSet reports its pods gone, but one still runs (terminating): wait.
    f.reportStatus(oldName, 0);
    f.client(f.api).resource(Pod.class).delete(NS, oldPods.get(0).getMetadata().getName());
    f.client(f.api).resource(Pod.class).delete(NS, oldPods.get(1).getMetadata().getName());
    assertThat(f.sync()).noneMatch(w -> w.startsWith("create"));

    // A finished pod does not count as running.
    Pod last = f.client(f.api).resource(Pod.class).get(NS, oldPods.get(2).getMetadata().getName());
    f.client(f.api).resource(Pod.class).updateStatus(last.toBuilder()
        .setStatus(last.getStatus().toBuilder().setPhase("Succeeded")).build());
    List<String> writes = f.sync();
    assertThat(writes).first().isEqualTo("create replicasets default/" + newName);
    ReplicaSet newRS = f.replicaSet(newName);
    assertThat(newRS.getSpec().getReplicas()).isEqualTo(3);
    assertThat(newRS.getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "2")
        .containsEntry(Revisions.MAX_REPLICAS, "3");
    await().atMost(TIMEOUT).until(() -> f.events().containsAll(List.of(
        "Normal ScalingReplicaSet: Scaled down replica set " + oldName + " to 0",
        "Normal ScalingReplicaSet: Scaled up replica set " + newName + " to 3")));
    assertThat(d.getMetadata().getUid()).isEqualTo(newRS.getMetadata().getOwnerReferences(0).getUid());
  }

  private static Pod pod(String name, ReplicaSet owner, String phase) {
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName(name)
            .putAllLabels(owner.getSpec().getTemplate().getMetadata().getLabelsMap())
            .addOwnerReferences(OwnerReferences.newControllerRef(owner)))
        .setSpec(PodSpec.newBuilder().setNodeName("node-1"))
        .setStatus(PodStatus.newBuilder().setPhase(phase))
        .build();
  }

  @Test
  void oldReplicaSetsBeyondRevisionHistoryLimitArePrunedOldestFirst() throws Exception {
    Deployment d = deployment(3, "v6");
    d = d.toBuilder().setSpec(d.getSpec().toBuilder().setRevisionHistoryLimit(2)).build();
    Instant t = Instant.parse("2026-11-25T09:00:00Z");
    List<String> oldNames = new ArrayList<>();
    for (int revision = 1; revision <= 5; revision++) {
      ReplicaSet old = f.api.seed(ownedReplicaSet(d, "v" + revision, revision, 0, t.plusSeconds(revision)));
      oldNames.add(old.getMetadata().getName());
    }
    // One old ReplicaSet is scaled to 0 but its controller has not caught up: never pruned.
    ReplicaSet v0 = ownedReplicaSet(d, "v0", 0, 0, t);
    ReplicaSet lagging = f.api.seed(v0.toBuilder().setMetadata(v0.getMetadata().toBuilder().setGeneration(2)).build());
    f.api.seed(ownedReplicaSet(d, "v6", 6, 3, t.plusSeconds(6)));
    f.api.seed(d.toBuilder().setMetadata(d.getMetadata().toBuilder().putAnnotations(Revisions.REVISION, "6")).build());
    f.start();

    f.sync(); // status: the rollout is complete
    List<String> writes = f.sync();

    assertThat(writes).containsExactly(
        "delete replicasets default/" + oldNames.get(0),
        "delete replicasets default/" + oldNames.get(1),
        "delete replicasets default/" + oldNames.get(2));
    assertThat(f.replicaSets()).extracting(rs -> rs.getMetadata().getName())
        .containsExactlyInAnyOrder(lagging.getMetadata().getName(), oldNames.get(3), oldNames.get(4),
            NAME + "-" + hash(d));
  }

  @Test
  void reapplyingAnOldTemplateReusesItsReplicaSetWithANewRevision() throws Exception {
    steadyState(deployment(3, "v1"));
    String v1 = f.replicaSets().get(0).getMetadata().getName();
    String v2 = NAME + "-" + hash(f.changeImage("v2"));
    f.sync();
    for (int i = 0; i < 12 && !sizes(v1, v2).equals(List.of(0, 3)); i++) {
      f.reportAllAvailable();
      f.sync();
    }
    f.reportAllAvailable();
    f.sync();
    assertThat(f.deployment().getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "2");

    f.changeImage("v1");
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 12 && !sizes(v1, v2).equals(List.of(3, 0)); i++) {
      all.addAll(f.sync());
      f.reportAllAvailable();
    }
    all.addAll(f.sync());

    assertThat(all).noneMatch(w -> w.startsWith("create"));
    assertThat(f.replicaSets()).hasSize(2);
    ReplicaSet back = f.replicaSet(v1);
    assertThat(back.getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "3")
        .containsEntry(Revisions.REVISION_HISTORY, "1");
    assertThat(f.deployment().getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "3");
    assertThat(ReplicaSets.replicas(f.replicaSet(v2))).isZero();
  }

  @Test
  void aDifferentReplicaSetHoldingTheNameBumpsCollisionCount() throws Exception {
    Deployment d = deployment(2, "v1");
    String taken = NAME + "-" + hash(d);
    // Someone else's ReplicaSet, not matching the selector, has the name the hash gives.
    ReplicaSet stranger = ownedReplicaSet(d, "other", 1, 1, Instant.now());
    f.api.seed(stranger.toBuilder().setMetadata(stranger.getMetadata().toBuilder().setName(taken)
        .clearOwnerReferences().clearLabels().putLabels("app", "other")).build());
    f.api.seed(d);
    f.start();

    assertThatThrownBy(f::sync).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).isAlreadyExists()).isTrue());
    assertThat(f.api.writes()).containsExactly("status deployments default/web");
    assertThat(f.deployment().getStatus().getCollisionCount()).isEqualTo(1);

    String renamed = NAME + "-" + PodTemplateHash.compute(d.getSpec().getTemplate(), 1);
    assertThat(renamed).isNotEqualTo(taken);
    assertThat(f.sync()).first().isEqualTo("create replicasets default/" + renamed);
    assertThat(f.deployment().getStatus().getCollisionCount()).isEqualTo(1);
  }

  @Test
  void createThatFindsItsOwnReplicaSetAlreadyThereTreatsItAsCreated() throws Exception {
    Deployment d = deployment(2, "v1");
    ReplicaSet ours = NewReplicaSets.build(d).toBuilder().build();
    // The caches come from a server that has the Deployment but not yet the ReplicaSet; the revisions
    // of the Deployment line up on both servers.
    FakeApi cacheSource = new FakeApi();
    try (cacheSource) {
      cacheSource.seed(d);
      cacheSource.seed(ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
          .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName("filler")).build());
      f.api.seed(d);
      f.api.seed(ours.toBuilder().setSpec(ours.getSpec().toBuilder().setReplicas(2)).build());
      f.start(f.client(cacheSource), f.client(f.api));

      int before = f.api.writes().size();
      f.controller.sync(KEY);

      // The failed create is not a stored write; the ReplicaSet found is used as if just created.
      assertThat(f.api.writes().subList(before, f.api.writes().size()))
          .containsExactly("update deployments default/web", "status deployments default/web");
      assertThat(f.deployment().getStatus().hasCollisionCount()).isFalse();
      assertThat(f.deployment().getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "1");
      assertThat(f.replicaSets()).hasSize(1);
    }
  }

  @Test
  void matchingOrphanReplicaSetIsAdoptedAndBecomesTheNewOne() throws Exception {
    Deployment d = f.api.seed(deployment(2, "v1"));
    ReplicaSet orphan = ownedReplicaSet(d, "v1", 1, 2, Instant.now());
    orphan = f.api.seed(orphan.toBuilder().setMetadata(orphan.getMetadata().toBuilder().clearOwnerReferences()).build());
    String name = orphan.getMetadata().getName();
    f.start();

    assertThat(f.sync()).containsExactly("update replicasets default/" + name);
    assertThat(OwnerReferences.isControlledBy(f.replicaSet(name), d.getMetadata().getUid())).isTrue();

    f.sync();
    assertThat(f.replicaSets()).hasSize(1);
    assertThat(f.deployment().getMetadata().getAnnotationsMap()).containsEntry(Revisions.REVISION, "1");
    assertThat(f.deployment().getStatus().getAvailableReplicas()).isEqualTo(2);
  }

  @Test
  void proportionalScalingDuringARolloutKeepsTheRatio() throws Exception {
    // Upstream TestScale "proportional scaling: 5 -> 10": old 3 and new 2 of 5 become 6 and 4.
    Deployment d = rolling(deployment(5, "v2"), "0", "0");
    Instant t = Instant.parse("2026-11-25T09:00:00Z");
    ReplicaSet old = f.api.seed(ownedReplicaSet(d, "v1", 1, 3, t));
    ReplicaSet newRS = f.api.seed(ownedReplicaSet(d, "v2", 2, 2, t.plusSeconds(10)));
    // Mid-rollout as the controller left it: revision and Progressing already recorded.
    f.api.seed(d.toBuilder().setMetadata(d.getMetadata().toBuilder().putAnnotations(Revisions.REVISION, "2"))
        .setStatus(d.getStatus().toBuilder().addConditions(Conditions.of(Conditions.PROGRESSING, Conditions.TRUE,
            Conditions.REPLICA_SET_UPDATED, "ReplicaSet is progressing.", f.clock.instant()))).build());
    f.start();
    f.updateSpec(s -> s.setReplicas(10));

    List<String> writes = f.sync();

    assertThat(writes).containsExactly("update replicasets default/" + old.getMetadata().getName(),
        "update replicasets default/" + newRS.getMetadata().getName(), "status deployments default/web");
    assertThat(sizes(old.getMetadata().getName(), newRS.getMetadata().getName())).containsExactly(6, 4);
    assertThat(f.replicaSet(old.getMetadata().getName()).getMetadata().getAnnotationsMap())
        .containsEntry(Revisions.DESIRED_REPLICAS, "10").containsEntry(Revisions.MAX_REPLICAS, "10");
  }

  @Test
  void proportionalScalingGivesTheLeftoverToTheNewestOfEqualSize() throws Exception {
    // Upstream TestScale "leftover distribution: 3 -> 4".
    Deployment d = rolling(deployment(3, "v3"), "0", "0");
    Instant t = Instant.parse("2026-11-25T09:00:00Z");
    ReplicaSet v1 = f.api.seed(ownedReplicaSet(d, "v1", 1, 1, t));
    ReplicaSet v2 = f.api.seed(ownedReplicaSet(d, "v2", 2, 1, t.plusSeconds(10)));
    ReplicaSet v3 = f.api.seed(ownedReplicaSet(d, "v3", 3, 1, t.plusSeconds(20)));
    f.api.seed(d);
    f.start();
    f.updateSpec(s -> s.setReplicas(4));

    f.sync();

    assertThat(sizes(v1.getMetadata().getName(), v2.getMetadata().getName(), v3.getMetadata().getName()))
        .containsExactly(1, 1, 2);
  }

  @Test
  void pausedDeploymentScalesButDoesNotRollOut() throws Exception {
    steadyState(deployment(3, "v1"));
    String v1 = f.replicaSets().get(0).getMetadata().getName();
    f.updateSpec(s -> s.setPaused(true).setTemplate(template("v2")));

    f.sync();
    assertThat(f.replicaSets()).hasSize(1);
    Deployment d = f.deployment();
    assertThat(condition(d, Conditions.PROGRESSING).getReason()).isEqualTo(Conditions.PAUSED);
    assertThat(condition(d, Conditions.PROGRESSING).getStatus()).isEqualTo(Conditions.UNKNOWN);

    f.updateSpec(s -> s.setReplicas(4));
    f.sync();
    assertThat(f.replicaSets()).hasSize(1);
    assertThat(ReplicaSets.replicas(f.replicaSet(v1))).isEqualTo(4);

    f.updateSpec(s -> s.setPaused(false));
    List<String> writes = f.sync();
    assertThat(writes).contains("create replicasets default/" + NAME + "-" + hash(f.deployment()));
  }

  @Test
  void noProgressWithinTheDeadlineSetsProgressDeadlineExceeded() throws Exception {
    Deployment d = deployment(2, "v1");
    f.api.seed(d.toBuilder().setSpec(d.getSpec().toBuilder().setProgressDeadlineSeconds(60)).build());
    f.start();
    f.sync();
    f.reportStatus(NAME + "-" + hash(d), 0);
    f.sync();
    assertThat(condition(f.deployment(), Conditions.PROGRESSING).getStatus()).isEqualTo(Conditions.TRUE);

    f.clock.advance(Duration.ofSeconds(61));
    f.sync();

    DeploymentCondition c = condition(f.deployment(), Conditions.PROGRESSING);
    assertThat(c.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(c.getReason()).isEqualTo(Conditions.TIMED_OUT);
    assertThat(c.getMessage()).isEqualTo("ReplicaSet \"" + NAME + "-" + hash(d) + "\" has timed out progressing.");
    assertThat(f.sync()).isEmpty();
  }

  @Test
  void aStuckRolloutIsRequeuedForItsDeadline() throws Exception {
    Deployment d = deployment(2, "v1");
    f.api.seed(d.toBuilder().setSpec(d.getSpec().toBuilder().setProgressDeadlineSeconds(600)).build());
    f.start();
    f.sync();
    f.reportStatus(NAME + "-" + hash(d), 0);
    f.sync();
    f.awaitCachesCurrent();
    Deployment stored = f.deployment();

    Duration delay = new Progress(null, f.clock, (k, t) -> { }).requeueStuckDeployment(stored, stored.getStatus(),
        f.clock.instant());
    assertThat(delay).isEqualTo(Duration.ofSeconds(601));
  }

  @Test
  void emptySelectorIsRefusedWithAWarning() throws Exception {
    Deployment d = deployment(1, "v1");
    f.api.seed(d.toBuilder().setSpec(d.getSpec().toBuilder().clearSelector()).build());
    f.start();

    assertThat(f.sync()).containsExactly("status deployments default/web");
    assertThat(f.replicaSets()).isEmpty();
    await().atMost(TIMEOUT).until(() -> f.events().contains(
        "Warning SelectingAll: This deployment is selecting all pods. A non-empty selector is required."));
  }

  @Test
  void replicaSetEventsEnqueueTheOwningOrMatchingDeployment() throws Exception {
    Deployment d = f.api.seed(deployment(1, "v1"));
    f.api.seed(deployment(1, "v1").toBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName("other")
        .setUid("other-uid")).setSpec(deployment(1, "v1").getSpec().toBuilder()
        .setSelector(io.kava.api.meta.v1.LabelSelector.newBuilder().putMatchLabels("app", "other"))).build());
    f.start();
    drain();

    ReplicaSet owned = ownedReplicaSet(d, "v1", 1, 1, Instant.now());
    f.client(f.api).resource(ReplicaSet.class).create(owned);
    assertThat(nextKey()).isEqualTo(KEY);

    ReplicaSet orphan = ownedReplicaSet(d, "v9", 1, 1, Instant.now());
    f.client(f.api).resource(ReplicaSet.class).create(orphan.toBuilder()
        .setMetadata(orphan.getMetadata().toBuilder().clearOwnerReferences()).build());
    assertThat(nextKey()).isEqualTo(KEY);

    f.client(f.api).resource(ReplicaSet.class).delete(NS, owned.getMetadata().getName());
    assertThat(nextKey()).isEqualTo(KEY);
    assertThat(f.controller.queue().length()).isZero();
  }

  private void drain() throws InterruptedException {
    await().atMost(TIMEOUT).until(() -> f.controller.queue().length() == 2);
    for (int i = 0; i < 2; i++) {
      f.controller.queue().done(f.controller.queue().take());
    }
  }

  private String nextKey() throws InterruptedException {
    await().atMost(TIMEOUT).until(() -> f.controller.queue().length() > 0);
    String key = f.controller.queue().take();
    f.controller.queue().done(key);
    return key;
  }

  @Test
  void unknownStrategyIsReportedByFieldPath() throws Exception {
    Deployment d = deployment(1, "v1");
    f.api.seed(d.toBuilder().setSpec(d.getSpec().toBuilder().setStrategy(
        io.kava.api.apps.v1.DeploymentStrategy.newBuilder().setType("BlueGreen"))).build());
    f.start();

    assertThatThrownBy(f::sync).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spec.strategy.type: Unsupported value: \"BlueGreen\": supported values: \"Recreate\", \"RollingUpdate\"");
    assertThat(f.api.writes()).isEmpty();
  }
}
