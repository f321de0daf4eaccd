package io.kava.dns.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kube-dns objects: upstream's shape, what is kept of the stored ones, and idempotence. */
class KubeDnsObjectsTest {
  private final KubeDnsObjects objects = new KubeDnsObjects("10.96.0.10", "172.17.0.1", 10053);

  @Test
  void theServiceIsUpstreamsKubeDnsWithoutASelectorAndWithOurPortAsTarget() {
    Service svc = objects.service(Optional.empty());
    assertThat(svc.getMetadata().getNamespace()).isEqualTo("kube-system");
    assertThat(svc.getMetadata().getName()).isEqualTo("kube-dns");
    assertThat(svc.getMetadata().getLabelsMap()).containsEntry("k8s-app", "kube-dns").containsEntry("kubernetes.io/name", "CoreDNS");
    assertThat(svc.getSpec().getClusterIp()).isEqualTo("10.96.0.10");
    assertThat(svc.getSpec().getSelectorMap()).isEmpty();
    assertThat(svc.getSpec().getPortsList()).extracting(p -> p.getName() + " " + p.getPort() + "/" + p.getProtocol()
        + " -> " + p.getTargetPort().getIntVal()).containsExactly("dns 53/UDP -> 10053", "dns-tcp 53/TCP -> 10053");
  }

  @Test
  void aStoredServiceKeepsItsClusterIpUidAndOtherLabelsAndASecondPassChangesNothing() {
    Service stored = objects.service(Optional.empty()).toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("kube-system").setName("kube-dns").setUid("u1").putLabels("team", "a"))
        .setSpec(objects.service(Optional.empty()).getSpec().toBuilder().setClusterIp("10.96.0.99").putSelector("app", "x"))
        .build();
    Service wanted = objects.service(Optional.of(stored));
    assertThat(wanted.getSpec().getClusterIp()).as("immutable").isEqualTo("10.96.0.99");
    assertThat(wanted.getMetadata().getUid()).isEqualTo("u1");
    assertThat(wanted.getMetadata().getLabelsMap()).containsEntry("team", "a").containsEntry("k8s-app", "kube-dns");
    assertThat(wanted.getSpec().getSelectorMap()).isEmpty();
    assertThat(objects.service(Optional.of(wanted))).isEqualTo(wanted);
  }

  @Test
  void theSliceNamesThisInstanceAsOneReadyEndpointOwnedByTheService() {
    Service svc = objects.service(Optional.empty()).toBuilder()
        .setMetadata(objects.service(Optional.empty()).getMetadata().toBuilder().setUid("svc-uid")).build();
    EndpointSlice slice = objects.slice(svc, Optional.empty());
    assertThat(slice.getMetadata().getName()).isEqualTo("kube-dns-172-17-0-1-10053");
    assertThat(slice.getMetadata().getLabelsMap()).containsEntry("kubernetes.io/service-name", "kube-dns")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "kava-dns");
    assertThat(slice.getMetadata().getOwnerReferences(0).getUid()).isEqualTo("svc-uid");
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getEndpointsList()).singleElement().satisfies(e -> {
      assertThat(e.getAddressesList()).containsExactly("172.17.0.1");
      assertThat(e.getConditions().getReady()).isTrue();
    });
    assertThat(slice.getPortsList()).extracting(p -> p.getName() + " " + p.getPort() + "/" + p.getProtocol())
        .containsExactly("dns 10053/UDP", "dns-tcp 10053/TCP");
    assertThat(objects.slice(svc, Optional.of(slice))).isEqualTo(slice);
  }

  @Test
  void endpointsListEveryInstanceAndAShutdownRemovesOnlyOurs() {
    Endpoints other = Endpoints.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("kube-system").setName("kube-dns"))
        .addSubsets(EndpointSubset.newBuilder().addAddresses(EndpointAddress.newBuilder().setIp("172.18.0.1"))).build();
    Endpoints both = objects.endpoints(Optional.of(other));
    assertThat(both.getSubsetsList()).singleElement().satisfies(s -> {
      assertThat(s.getAddressesList()).extracting(EndpointAddress::getIp).containsExactly("172.18.0.1", "172.17.0.1");
      assertThat(s.getPortsList()).extracting(p -> p.getName() + " " + p.getPort() + "/" + p.getProtocol())
          .containsExactly("dns 10053/UDP", "dns-tcp 10053/TCP");
    });
    assertThat(objects.endpoints(Optional.of(both))).isEqualTo(both);
    assertThat(objects.endpointsWithout(both).getSubsets(0).getAddressesList()).extracting(EndpointAddress::getIp)
        .containsExactly("172.18.0.1");
    assertThat(objects.endpointsWithout(objects.endpoints(Optional.empty())).getSubsetsList()).isEmpty();
  }
}
