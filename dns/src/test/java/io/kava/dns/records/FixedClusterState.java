package io.kava.dns.records;

import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.EndpointSliceLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ClusterState} over plain lists, for tests: what the informers would hold. */
public final class FixedClusterState implements ClusterState {
  private final List<Service> services = new ArrayList<>();
  private final List<EndpointSlice> slices = new ArrayList<>();
  private boolean synced = true;

  public FixedClusterState add(Service svc) {
    services.add(svc);
    return this;
  }

  public FixedClusterState add(EndpointSlice slice) {
    slices.add(slice);
    return this;
  }

  public FixedClusterState unsynced() {
    synced = false;
    return this;
  }

  @Override
  public boolean synced() {
    return synced;
  }

  @Override
  public Optional<Service> service(String namespace, String name) {
    return services.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace) && s.getMetadata().getName().equals(name)).findFirst();
  }

  @Override
  public boolean hasServices(String namespace) {
    return services.stream().anyMatch(s -> s.getMetadata().getNamespace().equals(namespace));
  }

  @Override
  public List<EndpointSlice> endpointSlices(String namespace, String service) {
    return slices.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace)
        && service.equals(s.getMetadata().getLabelsOrDefault(EndpointSliceLabels.SERVICE_NAME, ""))).toList();
  }

  @Override
  public List<Service> servicesByClusterIp(String ip) {
    return services.stream().filter(s -> s.getSpec().getClusterIp().equals(ip)).toList();
  }

  @Override
  public List<EndpointSlice> endpointSlicesByAddress(String ip) {
    return slices.stream().filter(s -> s.getEndpointsList().stream().anyMatch(e -> e.getAddressesList().contains(ip))).toList();
  }
}
