package io.kava.dns.registration;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.EndpointSliceLabels;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects through which pods reach this DNS server, as upstream's kube-dns Service manifest: the
 * Service kube-system/kube-dns (no selector, fixed ClusterIP, ports dns 53/UDP and dns-tcp 53/TCP whose
 * targetPort is our listen port), this instance's EndpointSlice, and the Endpoints object listing every
 * instance. Pure functions from what is stored (if anything) to what should be; the caller writes.
 */
public final class KubeDnsObjects {
  public static final String NAMESPACE = "kube-system";
  public static final String NAME = "kube-dns";
  public static final String MANAGED_BY = "kava-dns";
  /** Upstream's labels (kubeadm's and CoreDNS's deployment manifests), so tools that look for them find us. */
  public static final Map<String, String> SERVICE_LABELS = Map.of(
      "k8s-app", "kube-dns",
      "kubernetes.io/cluster-service", "true",
      "kubernetes.io/name", "CoreDNS");
  static final int SERVICE_PORT = 53;

  private final String clusterIp;
  private final String address;
  private final int port;

  /** clusterIp: the Service's; address and port: where this instance listens (an IPv4 address). */
  public KubeDnsObjects(String clusterIp, String address, int port) {
    this.clusterIp = clusterIp;
    this.address = address;
    this.port = port;
  }

  /** This instance's slice: kube-dns-<address with dashes>-<port>, so several instances never collide. */
  public String sliceName() {
    return NAME + "-" + address.replace('.', '-') + "-" + port;
  }

  /**
   * The Service, built on the stored one when there is one (keeping its uid, other labels and any
   * ClusterIP it already has: the field is immutable).
   */
  public Service service(Optional<Service> stored) {
    Service.Builder svc = stored.map(Service::toBuilder)
        .orElseGet(() -> Service.newBuilder().setApiVersion("v1").setKind("Service")
            .setMetadata(ObjectMeta.newBuilder().setNamespace(NAMESPACE).setName(NAME)));
    svc.getMetadataBuilder().putAllLabels(SERVICE_LABELS);
    ServiceSpec.Builder spec = svc.getSpecBuilder();
    if (spec.getClusterIp().isEmpty()) {
      spec.setClusterIp(clusterIp);
    }
    if (spec.getType().isEmpty()) {
      spec.setType("ClusterIP");
    }
    // Our own endpoints stand for the DNS servers: a selector would let the endpoints controllers fight us.
    spec.clearSelector();
    List<ServicePort> ports = List.of(servicePort("dns", "UDP"), servicePort("dns-tcp", "TCP"));
    if (!samePorts(spec.getPortsList(), ports)) {
      spec.clearPorts().addAllPorts(ports);
    }
    return svc.build();
  }

  /** This instance's EndpointSlice: one ready endpoint, owned by the Service (deleted with it). */
  public EndpointSlice slice(Service owner, Optional<EndpointSlice> stored) {
    EndpointSlice.Builder slice = stored.map(EndpointSlice::toBuilder)
        .orElseGet(() -> EndpointSlice.newBuilder().setApiVersion(Kinds.ENDPOINT_SLICE.apiVersion()).setKind("EndpointSlice")
            .setMetadata(ObjectMeta.newBuilder().setNamespace(NAMESPACE).setName(sliceName())));
    slice.getMetadataBuilder()
        .putLabels(EndpointSliceLabels.SERVICE_NAME, NAME)
        .putLabels(EndpointSliceLabels.MANAGED_BY, MANAGED_BY)
        .clearOwnerReferences()
        .addOwnerReferences(OwnerReference.newBuilder().setApiVersion("v1").setKind("Service")
            .setName(owner.getMetadata().getName()).setUid(owner.getMetadata().getUid())
            .setController(true).setBlockOwnerDeletion(true));
    slice.setAddressType("IPv4")
        .clearEndpoints()
        .addEndpoints(Endpoint.newBuilder().addAddresses(address)
            .setConditions(EndpointConditions.newBuilder().setReady(true).setServing(true).setTerminating(false)))
        .clearPorts()
        .addPorts(EndpointPort.newBuilder().setName("dns").setProtocol("UDP").setPort(port))
        .addPorts(EndpointPort.newBuilder().setName("dns-tcp").setProtocol("TCP").setPort(port));
    return slice.build();
  }

  /** The Endpoints object with our address added to the others already listed (one per instance). */
  public Endpoints endpoints(Optional<Endpoints> stored) {
    return endpointsWith(stored, true);
  }

  /** The Endpoints object without our address, for a clean shutdown. */
  public Endpoints endpointsWithout(Endpoints stored) {
    return endpointsWith(Optional.of(stored), false);
  }

  private Endpoints endpointsWith(Optional<Endpoints> stored, boolean include) {
    Set<String> ips = new LinkedHashSet<>();
    stored.ifPresent(e -> e.getSubsetsList().forEach(s -> s.getAddressesList().forEach(a -> ips.add(a.getIp()))));
    if (include) {
      ips.add(address);
    } else {
      ips.remove(address);
    }
    Endpoints.Builder ep = stored.map(Endpoints::toBuilder)
        .orElseGet(() -> Endpoints.newBuilder().setApiVersion("v1").setKind("Endpoints")
            .setMetadata(ObjectMeta.newBuilder().setNamespace(NAMESPACE).setName(NAME)));
    ep.getMetadataBuilder().putAllLabels(SERVICE_LABELS);
    List<EndpointSubset> subsets = new ArrayList<>();
    if (!ips.isEmpty()) {
      EndpointSubset.Builder subset = EndpointSubset.newBuilder();
      ips.forEach(ip -> subset.addAddresses(EndpointAddress.newBuilder().setIp(ip)));
      subset.addPorts(io.kava.api.core.v1.EndpointPort.newBuilder().setName("dns").setPort(port).setProtocol("UDP"));
      subset.addPorts(io.kava.api.core.v1.EndpointPort.newBuilder().setName("dns-tcp").setPort(port).setProtocol("TCP"));
      subsets.add(subset.build());
    }
    if (!ep.getSubsetsList().equals(subsets)) {
      ep.clearSubsets().addAllSubsets(subsets);
    }
    return ep.build();
  }

  private ServicePort servicePort(String name, String protocol) {
    return ServicePort.newBuilder().setName(name).setProtocol(protocol).setPort(SERVICE_PORT)
        .setTargetPort(IntOrString.newBuilder().setIntVal(port)).build();
  }

  /** The server may fill fields we leave unset (appProtocol, nodePort): compare what we set. */
  private static boolean samePorts(List<ServicePort> stored, List<ServicePort> wanted) {
    if (stored.size() != wanted.size()) {
      return false;
    }
    for (int i = 0; i < stored.size(); i++) {
      ServicePort s = stored.get(i);
      ServicePort w = wanted.get(i);
      if (!s.getName().equals(w.getName()) || !s.getProtocol().equals(w.getProtocol()) || s.getPort() != w.getPort()
          || !s.getTargetPort().equals(w.getTargetPort())) {
        return false;
      }
    }
    return true;
  }
}
