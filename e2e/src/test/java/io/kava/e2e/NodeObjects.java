package io.kava.e2e;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.coordination.v1.LeaseSpec;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Node objects written straight through the API, with no kubelet behind them: a Ready condition,
 * capacity and allocatable as a 4-core 16 GiB node reports them, hostname, os and zone labels, and a
 * Lease in kube-node-lease. Enough for the scheduler, which only reads the objects; without a
 * controller manager nothing marks them NotReady when the Leases are not renewed.
 */
final class NodeObjects {
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c", "zone-d");
  private static final String LEASE_NAMESPACE = "kube-node-lease";

  private NodeObjects() {}

  /** Creates {@code count} nodes named prefix-0..count-1, zones round robin, with 16 writers in parallel. */
  static List<String> create(KavaClient client, String prefix, int count) throws Exception {
    try {
      client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
          .setMetadata(ObjectMeta.newBuilder().setName(LEASE_NAMESPACE)).build());
    } catch (ApiException e) {
      if (!e.isAlreadyExists()) {
        throw e;
      }
    }
    ExecutorService writers = Executors.newFixedThreadPool(16);
    List<Future<String>> done = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      String zone = ZONES.get(i % ZONES.size());
      done.add(writers.submit(() -> {
        createOne(client, name, zone);
        return name;
      }));
    }
    List<String> names = new ArrayList<>();
    for (Future<String> f : done) {
      names.add(f.get());
    }
    writers.shutdown();
    return names;
  }

  private static void createOne(KavaClient client, String name, String zone) {
    String now = Times.format(Instant.now());
    String micro = Times.formatMicro(Instant.now());
    Map<String, String> resources = Map.of("cpu", "4", "memory", "16Gi", "pods", "110", "ephemeral-storage", "100Gi");
    NodeStatus status = NodeStatus.newBuilder().putAllCapacity(resources).putAllAllocatable(resources)
        .addConditions(NodeCondition.newBuilder().setType("Ready").setStatus("True").setReason("KubeletReady")
            .setMessage("kubelet is posting ready status").setLastHeartbeatTime(now).setLastTransitionTime(now))
        .addAddresses(NodeAddress.newBuilder().setType("Hostname").setAddress(name))
        .build();
    Node node = Node.newBuilder().setApiVersion("v1").setKind("Node")
        .setMetadata(ObjectMeta.newBuilder().setName(name).putLabels("kubernetes.io/hostname", name)
            .putLabels("kubernetes.io/os", "linux").putLabels("kubernetes.io/arch", "amd64")
            .putLabels(ZONE_LABEL, zone))
        .setStatus(status)
        .build();
    Node created = client.resource(Node.class).create(node);
    if (!created.getStatus().equals(status)) {
      client.resource(Node.class).updateStatus(created.toBuilder().setStatus(status).build());
    }
    client.resource(Lease.class).create(Lease.newBuilder().setApiVersion("coordination.k8s.io/v1").setKind("Lease")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(LEASE_NAMESPACE).setName(name))
        .setSpec(LeaseSpec.newBuilder().setHolderIdentity(name).setLeaseDurationSeconds(40)
            .setAcquireTime(micro).setRenewTime(micro))
        .build());
  }
}
