package io.kava.dns.records;

import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.ApiObjects;
import io.kava.client.EndpointSliceLabels;
import io.kava.client.informer.SharedInformer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ClusterState} over the informers' caches, with indexes so that every question is a few map
 * look-ups: slices by their Service, Services by ClusterIP, slices by endpoint address.
 */
public final class InformerClusterState implements ClusterState {
  static final String BY_SERVICE = "byService";
  static final String BY_CLUSTER_IP = "byClusterIp";
  static final String BY_ADDRESS = "byAddress";

  private final SharedInformer<Service> services;
  private final SharedInformer<EndpointSlice> slices;

  /** Adds the indexes; call before the informers start. */
  public InformerClusterState(SharedInformer<Service> services, SharedInformer<EndpointSlice> slices) {
    this.services = services;
    this.slices = slices;
    services.addIndex(BY_CLUSTER_IP, s -> s.getSpec().getClusterIp().isEmpty() ? List.of() : List.of(s.getSpec().getClusterIp()));
    slices.addIndex(BY_SERVICE, s -> {
      String service = s.getMetadata().getLabelsOrDefault(EndpointSliceLabels.SERVICE_NAME, "");
      return service.isEmpty() ? List.of() : List.of(ApiObjects.key(s.getMetadata().getNamespace(), service));
    });
    slices.addIndex(BY_ADDRESS, s -> {
      Set<String> addresses = new LinkedHashSet<>();
      for (Endpoint e : s.getEndpointsList()) {
        addresses.addAll(e.getAddressesList());
      }
      return addresses;
    });
  }

  @Override
  public boolean synced() {
    return services.hasSynced() && slices.hasSynced();
  }

  @Override
  public Optional<Service> service(String namespace, String name) {
    return services.lister().get(namespace, name);
  }

  @Override
  public boolean hasServices(String namespace) {
    return !services.lister().list(namespace).isEmpty();
  }

  @Override
  public List<EndpointSlice> endpointSlices(String namespace, String service) {
    return sorted(slices.lister().byIndex(BY_SERVICE, ApiObjects.key(namespace, service)));
  }

  @Override
  public List<Service> servicesByClusterIp(String ip) {
    return services.lister().byIndex(BY_CLUSTER_IP, ip);
  }

  @Override
  public List<EndpointSlice> endpointSlicesByAddress(String ip) {
    return sorted(slices.lister().byIndex(BY_ADDRESS, ip));
  }

  /** By name, so answers list endpoints in a stable order. */
  private static List<EndpointSlice> sorted(List<EndpointSlice> list) {
    return list.stream().sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName())).toList();
  }
}
