package io.kava.apiserver.admission;

import static io.kava.apiserver.registry.ValidatingAdmission.Operation.CREATE;
import static io.kava.apiserver.registry.ValidatingAdmission.Operation.DELETE;
import static io.kava.apiserver.registry.ValidatingAdmission.Operation.UPDATE;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Taint;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.auth.node.NodePods;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.ValidatingAdmission.Attributes;
import io.kava.apiserver.registry.ValidatingAdmission.Operation;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class NodeRestrictionTest {
  private static final UserInfo NODE_A = UserInfo.of("system:node:node-a", "system:nodes");
  private static final Node SELF = node("node-a", Map.of()).toBuilder()
      .setMetadata(node("node-a", Map.of()).getMetadata().toBuilder().setUid("uid-node-a")).build();
  private final NodeRestriction plugin = new NodeRestriction(name -> name.equals("node-a") ? Optional.of(SELF) : Optional.empty());

  private static Node node(String name, Map<String, String> labels) {
    return Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name).putAllLabels(labels)).build();
  }

  private void admit(Operation op, Kind kind, String sub, Message object, Message old) {
    plugin.validate(new Attributes(op, kind, sub, object, old, NODE_A));
  }

  private static AbstractThrowableAssert<?, ?> refused(Runnable call, String message) {
    return assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e ->
        org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED)).hasMessage(message);
  }

  @Test
  void aNodeWritesOnlyItsOwnNode() {
    assertThatCode(() -> admit(CREATE, Kinds.NODE, "", node("node-a", Map.of("kubernetes.io/hostname", "node-a",
        "kava.io/hollow", "true", "node.kubernetes.io/instance-type", "m", "sub.kubelet.kubernetes.io/x", "y")), null))
        .doesNotThrowAnyException();
    refused(() -> admit(UPDATE, Kinds.NODE, "", node("node-b", Map.of()), node("node-b", Map.of())),
        "nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\"");
    refused(() -> admit(UPDATE, Kinds.NODE, "status", node("node-b", Map.of()), node("node-b", Map.of())),
        "nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\"");
    refused(() -> admit(DELETE, Kinds.NODE, "", node("node-b", Map.of()), null),
        "nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\"");
    refused(() -> admit(CREATE, Kinds.NODE, "", node("node-b", Map.of()), null),
        "nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\"");
  }

  @Test
  void aNodeSetsNoRestrictedLabelsAndKeepsItsTaints() {
    refused(() -> admit(CREATE, Kinds.NODE, "", node("node-a", Map.of("node-restriction.kubernetes.io/pool", "gold",
        "example.k8s.io/x", "1", "kubernetes.io/hostname", "node-a")), null),
        "nodes \"node-a\" is forbidden: node \"node-a\" is not allowed to set the following labels: "
            + "example.k8s.io/x, node-restriction.kubernetes.io/pool");
    Node old = node("node-a", Map.of("node-role.kubernetes.io/worker", ""));
    assertThatCode(() -> admit(UPDATE, Kinds.NODE, "", node("node-a", Map.of("node-role.kubernetes.io/worker", "",
        "kubernetes.io/os", "linux")), old)).as("an unchanged label set by someone else stays").doesNotThrowAnyException();
    refused(() -> admit(UPDATE, Kinds.NODE, "", node("node-a", Map.of()), old),
        "nodes \"node-a\" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/worker");
    Node tainted = old.toBuilder().setSpec(NodeSpec.newBuilder()
        .addTaints(Taint.newBuilder().setKey("node.kubernetes.io/not-ready").setEffect("NoSchedule"))).build();
    refused(() -> admit(UPDATE, Kinds.NODE, "", old, tainted),
        "nodes \"node-a\" is forbidden: node \"node-a\" is not allowed to modify taints");
  }

  @Test
  void podsOnlyItsOwnAndNeverAnUpdateOfTheSpec() {
    Pod mine = NodePods.referencing("team", "web", "node-a");
    Pod theirs = NodePods.referencing("team", "db", "node-b");
    assertThatCode(() -> admit(DELETE, Kinds.POD, "", mine, null)).doesNotThrowAnyException();
    refused(() -> admit(DELETE, Kinds.POD, "", theirs, null),
        "pods \"db\" is forbidden: node \"node-a\" can only delete pods with spec.nodeName set to itself");
    refused(() -> admit(UPDATE, Kinds.POD, "", mine, mine),
        "pods \"web\" is forbidden: unexpected operation \"UPDATE\", node \"node-a\" can only create and delete mirror pods");

    Pod running = mine.toBuilder().setStatus(mine.getStatus().toBuilder().setPhase("Running")).build();
    assertThatCode(() -> admit(UPDATE, Kinds.POD, "status", running, mine)).doesNotThrowAnyException();
    refused(() -> admit(UPDATE, Kinds.POD, "status", theirs, theirs),
        "pods \"db\" is forbidden: node \"node-a\" can only update pod status for pods with spec.nodeName set to itself");
    Pod relabelled = running.toBuilder().setMetadata(running.getMetadata().toBuilder().putLabels("app", "x")).build();
    refused(() -> admit(UPDATE, Kinds.POD, "status", relabelled, mine),
        "pods \"web\" is forbidden: node \"node-a\" cannot update labels through pod status");

    assertThatCode(() -> admit(CREATE, Kinds.POD, "eviction", mine, null)).doesNotThrowAnyException();
    refused(() -> admit(CREATE, Kinds.POD, "eviction", theirs, null),
        "pods \"db\" is forbidden: node node-a can only evict pods with spec.nodeName set to itself");
    refused(() -> admit(CREATE, Kinds.POD, "exec", mine, null),
        "pods \"web\" is forbidden: unexpected pod subresource \"exec\", only 'status' and 'eviction' are allowed");
  }

  @Test
  void onlyMirrorPodsOwnedByTheNodeThatNameNothing() {
    Pod mirror = owned(NodePods.mirror(NodePods.bare("kube-system", "etcd-node-a", "node-a")), "uid-node-a");
    assertThatCode(() -> admit(CREATE, Kinds.POD, "", mirror, null)).doesNotThrowAnyException();
    refused(() -> admit(CREATE, Kinds.POD, "", NodePods.bare("team", "web", "node-a"), null),
        "pods \"web\" is forbidden: pod does not have \"kubernetes.io/config.mirror\" annotation, node \"node-a\" "
            + "can only create mirror pods");
    refused(() -> admit(CREATE, Kinds.POD, "", owned(NodePods.mirror(NodePods.bare("team", "m", "node-b")), "uid-node-a"), null),
        "pods \"m\" is forbidden: node \"node-a\" can only create pods with spec.nodeName set to itself");
    refused(() -> admit(CREATE, Kinds.POD, "", NodePods.mirror(NodePods.bare("team", "m", "node-a")), null),
        "pods \"m\" is forbidden: node \"node-a\" can only create pods with an owner reference set to itself");
    refused(() -> admit(CREATE, Kinds.POD, "", owned(NodePods.mirror(NodePods.bare("team", "m", "node-a")), "stale"), null),
        "pods \"m\" is forbidden: node node-a UID mismatch: expected stale got uid-node-a");
    Pod naming = owned(NodePods.mirror(NodePods.referencing("team", "m", "node-a")), "uid-node-a");
    refused(() -> admit(CREATE, Kinds.POD, "", naming, null),
        "pods \"m\" is forbidden: node \"node-a\" can not create pods that reference a service account");
    Pod secrets = naming.toBuilder().setSpec(naming.getSpec().toBuilder().clearServiceAccountName()).build();
    refused(() -> admit(CREATE, Kinds.POD, "", secrets, null),
        "pods \"m\" is forbidden: node \"node-a\" can not create pods that reference secrets");
  }

  private static Pod owned(Pod pod, String uid) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder().addOwnerReferences(OwnerReference.newBuilder()
        .setApiVersion("v1").setKind("Node").setName("node-a").setUid(uid).setController(true))).build();
  }

  @Test
  void onlyItsOwnLeaseInKubeNodeLease() {
    assertThatCode(() -> admit(CREATE, Kinds.LEASE, "", lease("kube-node-lease", "node-a"), null)).doesNotThrowAnyException();
    refused(() -> admit(CREATE, Kinds.LEASE, "", lease("kube-node-lease", "node-b"), null),
        "leases.coordination.k8s.io \"node-b\" is forbidden: can only access node lease with the same name as the requesting node");
    refused(() -> admit(UPDATE, Kinds.LEASE, "", lease("kube-system", "node-a"), lease("kube-system", "node-a")),
        "leases.coordination.k8s.io \"node-a\" is forbidden: can only access leases in the \"kube-node-lease\" system namespace");
  }

  private static Lease lease(String ns, String name) {
    return Lease.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName(name)).build();
  }

  @Test
  void aClaimsStatusCapacityAndConditionsOnly() {
    PersistentVolumeClaim claim = PersistentVolumeClaim.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName("data").setResourceVersion("5"))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().setVolumeName("pv-1"))
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Bound")).build();
    PersistentVolumeClaim grown = claim.toBuilder().setStatus(claim.getStatus().toBuilder().putCapacity("storage", "2Gi")).build();
    assertThatCode(() -> admit(UPDATE, Kinds.PERSISTENT_VOLUME_CLAIM, "status", grown, claim)).doesNotThrowAnyException();
    PersistentVolumeClaim lost = claim.toBuilder().setStatus(claim.getStatus().toBuilder().setPhase("Lost")).build();
    refused(() -> admit(UPDATE, Kinds.PERSISTENT_VOLUME_CLAIM, "status", lost, claim),
        "persistentvolumeclaims \"data\" is forbidden: node \"node-a\" is not allowed to update fields other than "
            + "status.capacity and status.conditions");
    refused(() -> admit(UPDATE, Kinds.PERSISTENT_VOLUME_CLAIM, "", claim, claim),
        "persistentvolumeclaims \"data\" is forbidden: may only update PVC status");
  }

  @Test
  void aTokenOnlyBoundToAPodOnTheNode() {
    Pod mine = NodePods.referencing("team", "web", "node-a");
    Pod theirs = NodePods.referencing("team", "db", "node-b");
    java.util.function.BiFunction<String, String, Optional<Pod>> pods =
        (ns, name) -> java.util.stream.Stream.of(mine, theirs).filter(p -> p.getMetadata().getName().equals(name)).findFirst();
    var toWeb = io.kava.api.authentication.v1.BoundObjectReference.newBuilder().setApiVersion("v1").setKind("Pod")
        .setName("web").setUid("uid-web").build();
    assertThatCode(() -> plugin.admitTokenRequest(NODE_A, "team", "runner", toWeb, pods)).doesNotThrowAnyException();
    refused(() -> plugin.admitTokenRequest(NODE_A, "team", "runner", null, pods),
        "serviceaccounts \"runner\" is forbidden: node requested token not bound to a pod");
    refused(() -> plugin.admitTokenRequest(NODE_A, "team", "runner", toWeb.toBuilder().setUid("old").build(), pods),
        "serviceaccounts \"runner\" is forbidden: the UID in the bound object reference (old) does not match the UID "
            + "in record. The object might have been deleted and then recreated");
    refused(() -> plugin.admitTokenRequest(NODE_A, "team", "runner", toWeb.toBuilder().setName("db").setUid("uid-db").build(), pods),
        "serviceaccounts \"runner\" is forbidden: node requested token bound to a pod scheduled on a different node");
    assertThatCode(() -> plugin.admitTokenRequest(UserInfo.of("alice"), "team", "runner", null, pods)).doesNotThrowAnyException();
  }

  @Test
  void otherUsersPassAndAnUnidentifiedNodeIsRefused() {
    Node other = node("node-b", Map.of("node-restriction.kubernetes.io/x", "y"));
    assertThatCode(() -> plugin.validate(new Attributes(UPDATE, Kinds.NODE, "", other, other, UserInfo.of("admin", "system:masters"))))
        .doesNotThrowAnyException();
    refused(() -> plugin.validate(new Attributes(UPDATE, Kinds.NODE, "", other, other, UserInfo.of("system:node:", "system:nodes"))),
        "nodes \"node-b\" is forbidden: could not determine node from user \"system:node:\"");
  }
}
