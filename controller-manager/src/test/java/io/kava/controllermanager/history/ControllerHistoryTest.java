package io.kava.controllermanager.history;

import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.meta;
import static io.kava.controllermanager.testing.Workloads.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.client.KavaClient;
import io.kava.client.history.ControllerRevisions;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.deployment.PodTemplateHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One revision per template: create, re-use with its number bumped, collisions, pruning; against FakeApi. */
class ControllerHistoryTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final FakeApi api = new FakeApi();
  private KavaClient client;
  private InformerFactory informers;
  private Lister<ControllerRevision> lister;
  private ControllerHistory history;
  private final StatefulSet set = StatefulSet.newBuilder().setApiVersion("apps/v1").setKind("StatefulSet")
      .setMetadata(meta("web").putAnnotations("kubernetes.io/change-cause", "first"))
      .setSpec(StatefulSetSpec.newBuilder().setTemplate(image("nginx:1.14.2"))).build();

  @BeforeEach
  void start() throws InterruptedException {
    client = api.client();
    informers = new InformerFactory(client, Duration.ZERO);
    lister = informers.informer(ControllerRevision.class).lister();
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
    history = new ControllerHistory(client.resource(ControllerRevision.class), lister);
  }

  @AfterEach
  void stop() {
    informers.close();
    client.close();
    api.close();
  }

  private static PodTemplateSpec image(String image) {
    PodTemplateSpec t = template(Map.of("app", "nginx"));
    return t.toBuilder().setSpec(t.getSpec().toBuilder().setContainers(0, t.getSpec().getContainers(0).toBuilder()
        .setImage(image))).build();
  }

  private static String nameOf(PodTemplateSpec template, Integer collisions) {
    return "web-" + PodTemplateHash.compute(template, collisions);
  }

  private void awaitCached(long... revisions) {
    await().atMost(TIMEOUT).until(() -> lister.list().stream().map(ControllerRevision::getRevision).sorted().toList()
        .equals(java.util.Arrays.stream(revisions).boxed().toList()));
  }

  @Test
  void aNewTemplateGetsTheNextRevisionAndAnEqualOneIsReusedWithItsNumberBumped() {
    PodTemplateSpec v1 = set.getSpec().getTemplate();
    PodTemplateSpec v2 = image("kava/demo:1.0");

    ControllerHistory.Snapshot first = history.sync(set, v1, null, List.of());
    ControllerRevision r1 = first.update();
    assertThat(r1.getMetadata().getName()).isEqualTo(nameOf(v1, null));
    assertThat(r1.getRevision()).isEqualTo(1);
    assertThat(first.hash()).isEqualTo(PodTemplateHash.compute(v1, null));
    assertThat(r1.getMetadata().getLabelsMap()).containsEntry("app", "nginx")
        .containsEntry(ControllerRevisions.HASH_LABEL, first.hash());
    assertThat(r1.getMetadata().getAnnotationsMap()).containsEntry("kubernetes.io/change-cause", "first");
    assertThat(r1.getMetadata().getOwnerReferences(0).getUid()).isEqualTo(set.getMetadata().getUid());
    assertThat(r1.getMetadata().getOwnerReferences(0).getController()).isTrue();
    assertThat(ControllerRevisions.template(r1)).isEqualTo(v1);
    assertThat(r1.getData().getRaw().toStringUtf8()).startsWith("{\"spec\":{\"template\":{").contains("\"$patch\":\"replace\"");
    awaitCached(1);

    int writes = api.writes().size();
    assertThat(history.sync(set, v1, null, List.of()).update().getMetadata().getName()).isEqualTo(nameOf(v1, null));
    assertThat(api.writes()).hasSize(writes);

    ControllerRevision r2 = history.sync(set, v2, null, List.of()).update();
    assertThat(r2.getRevision()).isEqualTo(2);
    assertThat(r2.getMetadata().getName()).isEqualTo(nameOf(v2, null));
    awaitCached(1, 2);

    ControllerHistory.Snapshot back = history.sync(set, v1, null, List.of());
    assertThat(back.update().getMetadata().getName()).isEqualTo(nameOf(v1, null));
    assertThat(back.update().getRevision()).isEqualTo(3);
    assertThat(api.writes().subList(writes, api.writes().size())).containsExactly(
        "create controllerrevisions default/" + nameOf(v2, null),
        "update controllerrevisions default/" + nameOf(v1, null));
    assertThat(back.all()).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(2L, 3L);
  }

  @Test
  void aCreateTheCacheHasNotSeenYetIsFoundByNameInsteadOfDuplicated() {
    PodTemplateSpec v1 = set.getSpec().getTemplate();
    history.sync(set, v1, null, List.of());

    // The lister may still be empty here: the second create meets AlreadyExists and takes the stored one.
    ControllerRevision again = history.sync(set, v1, null, List.of()).update();

    assertThat(again.getMetadata().getName()).isEqualTo(nameOf(v1, null));
    assertThat(api.writes()).containsExactly("create controllerrevisions default/" + nameOf(v1, null));
  }

  @Test
  void aNameTakenByAnotherTemplateBumpsTheCollisionCount() {
    PodTemplateSpec v1 = set.getSpec().getTemplate();
    ControllerRevision squatter = ControllerHistory.newRevision(set, image("other:1"), 1, null, List.of());
    api.seed(squatter.toBuilder().setMetadata(squatter.getMetadata().toBuilder().setName(nameOf(v1, null))).build());
    awaitCached(1);

    ControllerHistory.Snapshot s = history.sync(set, v1, null, List.of());

    assertThat(s.collisionCount()).isEqualTo(1);
    assertThat(s.update().getMetadata().getName()).isEqualTo(nameOf(v1, 1));
    assertThat(s.update().getRevision()).isEqualTo(2);
    assertThat(s.hash()).isEqualTo(PodTemplateHash.compute(v1, 1));
  }

  @Test
  void moreHashLabelsCarryTheHashAndRevisionsOfOtherOwnersAreNotReused() {
    PodTemplateSpec v1 = set.getSpec().getTemplate();
    StatefulSet other = set.toBuilder().setMetadata(meta("web")).build(); // same name, another uid
    ControllerRevision foreign = ControllerHistory.newRevision(other, v1, 7, null, List.of());
    api.seed(foreign.toBuilder().setMetadata(foreign.getMetadata().toBuilder().setName("web-old")).build());
    awaitCached(7);

    ControllerHistory.Snapshot s = history.sync(set, v1, null, List.of("controller-revision-hash"));

    assertThat(s.update().getRevision()).isEqualTo(1);
    assertThat(s.update().getMetadata().getLabelsMap()).containsEntry("controller-revision-hash", s.hash());
    assertThat(s.all()).hasSize(1);
  }

  @Test
  void pruneDeletesTheOldestUnusedRevisionsBeyondTheLimit() {
    List<ControllerRevision> all = new java.util.ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      ControllerRevision r = ControllerHistory.newRevision(set, image("nginx:" + i), i, null, List.of());
      all.add(api.seed(r.toBuilder().setMetadata(r.getMetadata().toBuilder().setName("web-r" + i)).build()));
    }

    // r1 is live (a pod still runs it), r4 is today's: of r2 and r3 one may stay.
    history.prune(all, Set.of("web-r1", "web-r4"), 1);

    assertThat(api.writes()).containsExactly("delete controllerrevisions " + NS + "/web-r2");
    history.prune(all.subList(2, 4), Set.of("web-r4"), 0);
    assertThat(api.writes()).endsWith("delete controllerrevisions " + NS + "/web-r3");
  }
}
