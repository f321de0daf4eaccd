package io.kava.dns.records;

import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;

/**
 * What the DNS answers are computed from: the Services and EndpointSlices the informers hold (see
 * {@link InformerClusterState}), or a fixed set in tests. Every method reads a cache; none calls the API.
 */
public interface ClusterState {
  /** False until the first list of every kind arrived; until then zone names get SERVFAIL, as CoreDNS. */
  boolean synced();

  Optional<Service> service(String namespace, String name);

  /** Whether the namespace holds any Service: `<ns>.svc.<zone>` then exists (NODATA, not NXDOMAIN). */
  boolean hasServices(String namespace);

  /** The slices labelled kubernetes.io/service-name=name in the namespace. */
  List<EndpointSlice> endpointSlices(String namespace, String service);

  /** Services whose spec.clusterIP is the address (for PTR). */
  List<Service> servicesByClusterIp(String ip);

  /** Slices with an endpoint holding the address (for the PTR of a headless endpoint). */
  List<EndpointSlice> endpointSlicesByAddress(String ip);
}
