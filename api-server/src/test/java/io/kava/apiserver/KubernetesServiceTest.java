package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InMemoryStorage;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kubernetes Service in default, as upstream's bootstrap controller keeps it. */
class KubernetesServiceTest {
  private InProcessApi api;

  @BeforeEach
  void start() {
    api = new InProcessApi(c -> c.withListen(new InetSocketAddress("127.0.0.1", 7443))
        .withServices(ServicesConfig.defaults().withKubernetesServiceInterval(Duration.ofMillis(100))));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theServiceHoldsTheFirstAddressAndPointsAtTheApiServer() {
    Service svc = api.client.resource(Service.class).get("default", "kubernetes");
    assertThat(svc.getSpec().getClusterIp()).isEqualTo("10.96.0.1");
    assertThat(svc.getSpec().getClusterIpsList()).containsExactly("10.96.0.1");
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getPortsList()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("https");
      assertThat(p.getPort()).isEqualTo(443);
      assertThat(p.getProtocol()).isEqualTo("TCP");
      assertThat(p.getTargetPort().getIntVal()).isEqualTo(7443);
    });
    assertThat(svc.getSpec().getSelectorMap()).isEmpty();
    assertThat(svc.getMetadata().getLabelsMap()).containsEntry("component", "apiserver").containsEntry("provider", "kubernetes");

    Endpoints ep = api.client.resource(Endpoints.class).get("default", "kubernetes");
    assertThat(ep.getSubsetsList()).singleElement().satisfies(s -> {
      assertThat(s.getAddressesList()).extracting(a -> a.getIp()).containsExactly("127.0.0.1");
      assertThat(s.getPortsList()).singleElement().satisfies(p -> {
        assertThat(p.getName()).isEqualTo("https");
        assertThat(p.getPort()).isEqualTo(7443);
      });
    });

    EndpointSlice slice = api.client.resource(EndpointSlice.class).get("default", "kubernetes");
    assertThat(slice.getMetadata().getLabelsMap()).containsExactly(Map.entry("kubernetes.io/service-name", "kubernetes"));
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getEndpointsList()).singleElement().satisfies(e -> {
      assertThat(e.getAddressesList()).containsExactly("127.0.0.1");
      assertThat(e.getConditions().getReady()).isTrue();
    });
    assertThat(slice.getPortsList()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("https");
      assertThat(p.getPort()).isEqualTo(7443);
      assertThat(p.getProtocol()).isEqualTo("TCP");
    });
  }

  @Test
  void aDeletedServiceOrSliceComesBack() {
    String uid = api.client.resource(Service.class).get("default", "kubernetes").getMetadata().getUid();
    api.client.resource(Service.class).delete("default", "kubernetes");
    api.client.resource(EndpointSlice.class).delete("default", "kubernetes");
    // The Service comes back before its slice: a get between the two is NotFound, so those are polled past.
    Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(ApiException.class).untilAsserted(() -> {
      Service again = api.client.resource(Service.class).get("default", "kubernetes");
      assertThat(again.getMetadata().getUid()).isNotEqualTo(uid);
      assertThat(again.getSpec().getClusterIp()).as("the freed first address again").isEqualTo("10.96.0.1");
      assertThat(api.client.resource(EndpointSlice.class).get("default", "kubernetes").getEndpointsCount()).isEqualTo(1);
    });
  }

  @Test
  void theAdvertisedAddressIsTheFlagWhenGiven() {
    try (InProcessApi other = new InProcessApi(c -> c.withServices(ServicesConfig.defaults().withAdvertiseAddress("127.0.0.9")))) {
      Endpoints ep = other.client.resource(Endpoints.class).get("default", "kubernetes");
      assertThat(ep.getSubsets(0).getAddresses(0).getIp()).isEqualTo("127.0.0.9");
    }
  }

  @Test
  void aStartingServerMarksAddressesOfStoredServicesBeforeHandingAnyOut() {
    InMemoryStorage storage = new InMemoryStorage();
    Service stored = Fixtures.service("default", "web");
    stored = stored.toBuilder().setSpec(stored.getSpec().toBuilder().setClusterIp("10.96.0.10").addClusterIps("10.96.0.10")).build();
    storage.create("/registry/services/default/web", Codec.encode(stored));
    try (InProcessApi other = new InProcessApi(storage, c -> c)) {
      assertThat(other.server.serviceAllocations().ips().isAllocated("10.96.0.10")).as("marked by the repair at start").isTrue();
      Service dns = Fixtures.service("default", "kube-dns");
      ApiException taken = catchThrowableOfType(ApiException.class, () -> other.client.resource(Service.class)
          .create(dns.toBuilder().setSpec(dns.getSpec().toBuilder().setClusterIp("10.96.0.10")).build()));
      assertThat(taken.getMessage()).contains("provided IP is already allocated");
    }
  }
}
