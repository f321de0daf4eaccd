package io.kava.controllermanager.testing;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.coordination.v1.LeaseSpec;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.core.v1.Taint;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.Times;
import java.time.Instant;
import java.util.UUID;

/** Nodes and their heartbeat Leases as the kubelet writes them, for the node controllers' tests. */
public final class Nodes {
  private Nodes() {}

  public static Node node(String name, String ready, Instant heartbeat) {
    return Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName(name).setUid(UUID.randomUUID().toString())
            .setCreationTimestamp(Times.format(heartbeat)))
        .setSpec(NodeSpec.getDefaultInstance())
        .setStatus(NodeStatus.newBuilder().addConditions(NodeCondition.newBuilder().setType("Ready").setStatus(ready)
            .setReason("KubeletReady").setLastHeartbeatTime(Times.format(heartbeat))
            .setLastTransitionTime(Times.format(heartbeat))))
        .build();
  }

  public static Node inZone(Node node, String zone) {
    return node.toBuilder().setMetadata(node.getMetadata().toBuilder()
        .putLabels("topology.kubernetes.io/zone", zone)).build();
  }

  public static Node tainted(Node node, Taint... taints) {
    return node.toBuilder().setSpec(node.getSpec().toBuilder().addAllTaints(java.util.List.of(taints))).build();
  }

  public static Lease lease(String node, Instant renewTime) {
    return Lease.newBuilder().setApiVersion("coordination.k8s.io/v1").setKind("Lease")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("kube-node-lease").setName(node))
        .setSpec(LeaseSpec.newBuilder().setHolderIdentity(node).setLeaseDurationSeconds(40)
            .setRenewTime(Times.formatMicro(renewTime)))
        .build();
  }
}
