package io.kava.apiserver.bootstrap;

import com.google.protobuf.Message;
import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Registry;
import io.kava.client.EndpointSliceLabels;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} Service in {@code default}, as upstream's bootstrap controller: clusterIP the
 * first address of the Service range, port {@code https} 443 to the API server's port, and an Endpoints
 * and an EndpointSlice naming the API server's advertised address.
 *
 * <p>Several API servers on one etcd do not take turns: a server points the objects at itself on its
 * first pass (a restarted server takes over), and afterwards only recreates what is missing. Upstream
 * instead lists every live API server through leases.
 */
public final class KubernetesService {
  private static final Logger log = LoggerFactory.getLogger(KubernetesService.class);
  public static final String NAME = "kubernetes";
  public static final String NAMESPACE = "default";
  public static final String PORT_NAME = "https";

  private final Registry registry;
  private final String clusterIp;
  private final String address;
  private final int port;

  /**
   * @param clusterIp the first address of the Service range (10.96.0.1)
   * @param address the API server's advertised IPv4 address
   * @param port the API server's port
   */
  public KubernetesService(Registry registry, String clusterIp, String address, int port) {
    this.registry = registry;
    this.clusterIp = clusterIp;
    this.address = address;
    this.port = port;
  }

  /**
   * Creates what is missing; with takeOver also points existing objects at this server. Throws when a
   * write failed (the caller tries again later).
   */
  public void reconcile(boolean takeOver) {
    ensure(Kinds.SERVICE, service(), takeOver, existing -> {
      Service svc = (Service) existing;
      ServicePort current = svc.getSpec().getPortsCount() == 1 ? svc.getSpec().getPorts(0) : null;
      boolean same = current != null && current.getName().equals(PORT_NAME) && current.getPort() == 443
          && current.getProtocol().equals("TCP") && current.getTargetPort().equals(targetPort())
          && svc.getSpec().getType().equals("ClusterIP");
      return same ? svc : svc.toBuilder().setSpec(svc.getSpec().toBuilder()
          .setType("ClusterIP").clearPorts().addPorts(servicePort())).build();
    });
    ensure(Kinds.ENDPOINTS, endpoints(), takeOver, existing -> {
      Endpoints ep = (Endpoints) existing;
      return ep.toBuilder().clearSubsets().addAllSubsets(endpoints().getSubsetsList()).build();
    });
    ensure(Kinds.ENDPOINT_SLICE, endpointSlice(), takeOver, existing -> {
      EndpointSlice slice = (EndpointSlice) existing;
      EndpointSlice desired = endpointSlice();
      return slice.toBuilder().setAddressType(desired.getAddressType())
          .clearEndpoints().addAllEndpoints(desired.getEndpointsList())
          .clearPorts().addAllPorts(desired.getPortsList())
          .setMetadata(slice.getMetadata().toBuilder().putAllLabels(desired.getMetadata().getLabelsMap()))
          .build();
    });
  }

  /** Creates the object if missing; with takeOver, updates it to what fix makes of it when that differs. */
  private void ensure(Kind kind, Message desired, boolean takeOver, UnaryOperator<Message> fix) {
    Message existing;
    try {
      existing = registry.get(kind, NAMESPACE, NAME);
    } catch (ApiError e) {
      if (!e.reason().equals("NotFound")) {
        throw e;
      }
      try {
        registry.create(desired, false);
        log.info("Created {} {}/{}", kind.kind(), NAMESPACE, NAME);
      } catch (ApiError raced) {
        if (!raced.reason().equals("AlreadyExists")) {
          throw raced;
        }
      }
      return;
    }
    if (!takeOver) {
      return;
    }
    Message fixed = fix.apply(existing);
    if (!fixed.equals(existing)) {
      registry.update(fixed, false);
      log.info("Pointed {} {}/{} at {}:{}", kind.kind(), NAMESPACE, NAME, address, port);
    }
  }

  private IntOrString targetPort() {
    return IntOrString.newBuilder().setIntVal(port).build();
  }

  private ServicePort servicePort() {
    return ServicePort.newBuilder().setName(PORT_NAME).setProtocol("TCP").setPort(443).setTargetPort(targetPort()).build();
  }

  Service service() {
    return Service.newBuilder()
        .setMetadata(meta().putLabels("component", "apiserver").putLabels("provider", "kubernetes"))
        .setSpec(ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp(clusterIp).addClusterIps(clusterIp)
            .setSessionAffinity("None").addPorts(servicePort()))
        .build();
  }

  Endpoints endpoints() {
    // Upstream marks these so the EndpointSlice mirroring controller leaves them alone.
    return Endpoints.newBuilder()
        .setMetadata(meta().putLabels("endpointslice.kubernetes.io/skip-mirror", "true"))
        .addSubsets(EndpointSubset.newBuilder()
            .addAddresses(EndpointAddress.newBuilder().setIp(address))
            .addPorts(EndpointPort.newBuilder().setName(PORT_NAME).setPort(port).setProtocol("TCP")))
        .build();
  }

  EndpointSlice endpointSlice() {
    return EndpointSlice.newBuilder()
        .setMetadata(meta().putLabels(EndpointSliceLabels.SERVICE_NAME, NAME))
        .setAddressType("IPv4")
        .addEndpoints(Endpoint.newBuilder().addAddresses(address)
            .setConditions(EndpointConditions.newBuilder().setReady(true)))
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setName(PORT_NAME).setProtocol("TCP").setPort(port))
        .build();
  }

  private static ObjectMeta.Builder meta() {
    return ObjectMeta.newBuilder().setName(NAME).setNamespace(NAMESPACE);
  }
}
