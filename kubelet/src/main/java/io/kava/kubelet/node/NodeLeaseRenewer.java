package io.kava.kubelet.node;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.coordination.v1.LeaseSpec;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeat Lease (coordination.k8s.io, kube-node-lease/&lt;node&gt;), renewed every 10 s
 * with a 40 s duration as upstream's kubelet does; the node lifecycle controller reads renewTime.
 */
public final class NodeLeaseRenewer {
  public static final String NAMESPACE = "kube-node-lease";
  public static final int LEASE_DURATION_SECONDS = 40;
  private static final Logger log = LoggerFactory.getLogger(NodeLeaseRenewer.class);

  private final ResourceClient<Lease> leases;
  private final ResourceClient<Namespace> namespaces;
  private final String node;
  private final Clock clock;
  /** The Lease as last written: renewing updates it without reading first (upstream's latestLease). */
  private Lease latest;

  public NodeLeaseRenewer(ResourceClient<Lease> leases, ResourceClient<Namespace> namespaces, String node, Clock clock) {
    this.leases = leases;
    this.namespaces = namespaces;
    this.node = node;
    this.clock = clock;
  }

  public synchronized void renew() {
    String now = Times.formatMicro(clock.instant());
    if (latest != null) {
      try {
        latest = leases.update(renewed(latest, now));
        return;
      } catch (ApiException e) {
        latest = null;
        if (!e.isConflict() && !e.isNotFound()) {
          throw e;
        }
        // someone else wrote it, or it is gone: read it again below
      }
    }
    Lease current;
    try {
      current = leases.get(NAMESPACE, node);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      create(now);
      return;
    }
    latest = leases.update(renewed(current, now));
  }

  private Lease renewed(Lease current, String now) {
    LeaseSpec spec = current.getSpec().toBuilder().setHolderIdentity(node)
        .setLeaseDurationSeconds(LEASE_DURATION_SECONDS).setRenewTime(now).build();
    return current.toBuilder().setSpec(spec).build();
  }

  private void create(String now) {
    Lease lease = Lease.newBuilder().setApiVersion("coordination.k8s.io/v1").setKind("Lease")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NAMESPACE).setName(node))
        .setSpec(LeaseSpec.newBuilder().setHolderIdentity(node).setLeaseDurationSeconds(LEASE_DURATION_SECONDS)
            .setAcquireTime(now).setRenewTime(now))
        .build();
    try {
      latest = leases.create(lease);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      // The namespace does not exist yet (a fresh cluster): create it, then the lease.
      try {
        namespaces.create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
            .setMetadata(ObjectMeta.newBuilder().setName(NAMESPACE)).build());
        log.info("Created namespace {}", NAMESPACE);
      } catch (ApiException exists) {
        if (!exists.isAlreadyExists()) {
          throw exists;
        }
      }
      latest = leases.create(lease);
    }
  }
}
