package io.kava.controllermanager.util;

import static io.kava.controllermanager.testing.Workloads.ownedBy;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.OwnerReference;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnerReferencesTest {
  private final ReplicaSet rs = replicaSet("web", 1, Map.of("app", "web"));
  private final OwnerReference other = OwnerReference.newBuilder().setApiVersion("v1").setKind("ConfigMap")
      .setName("cm").setUid("cm-uid").build();

  @Test
  void controllerRefNamesTheOwnerAndBlocksItsDeletion() {
    OwnerReference ref = OwnerReferences.newControllerRef(rs);
    assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
    assertThat(ref.getKind()).isEqualTo("ReplicaSet");
    assertThat(ref.getUid()).isEqualTo(rs.getMetadata().getUid());
    assertThat(ref.getController()).isTrue();
    assertThat(OwnerReferences.blocksOwnerDeletion(ref)).isTrue();
  }

  @Test
  void addsRemovesAndFindsReferences() {
    Pod p = OwnerReferences.withOwnerReference(ownedBy(pod("p", Map.of()), rs), other);
    assertThat(OwnerReferences.controllerOf(p)).isPresent();
    assertThat(OwnerReferences.isControlledBy(p, rs.getMetadata().getUid())).isTrue();
    assertThat(OwnerReferences.ownerUids(p)).containsExactly(rs.getMetadata().getUid(), "cm-uid");

    Pod released = OwnerReferences.withoutOwnerReferences(p, Set.of(rs.getMetadata().getUid()));
    assertThat(released.getMetadata().getOwnerReferencesList()).containsExactly(other);
    assertThat(OwnerReferences.controllerOf(released)).isEmpty();
    assertThat(OwnerReferences.hasOwner(released, "cm-uid")).isTrue();

    Pod unblocked = OwnerReferences.withNonBlockingOwnerReferences(p);
    assertThat(unblocked.getMetadata().getOwnerReferencesList()).noneMatch(OwnerReferences::blocksOwnerDeletion);
  }
}
