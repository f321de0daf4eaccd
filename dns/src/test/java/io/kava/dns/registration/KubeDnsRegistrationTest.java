package io.kava.dns.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Service;
import io.kava.client.KavaClient;
import io.kava.client.testing.FakeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registration's writes against a fake API: create once, then nothing while nothing changed. */
class KubeDnsRegistrationTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  @Test
  void theFirstPassCreatesTheThreeObjectsAndASecondPassWritesNothing() {
    KubeDnsRegistration registration = new KubeDnsRegistration(client, "10.96.0.10", "172.17.0.1", 10053);
    registration.ensure();
    assertThat(api.writes()).containsExactly("create services kube-system/kube-dns",
        "create endpointslices kube-system/kube-dns-172-17-0-1-10053", "create endpoints kube-system/kube-dns");
    registration.ensure();
    assertThat(api.writes()).hasSize(3);
  }

  @Test
  void aChangedListenPortUpdatesTheServiceAndEndpointsAndAddsANewSlice() {
    new KubeDnsRegistration(client, "10.96.0.10", "172.17.0.1", 10053).ensure();
    new KubeDnsRegistration(client, "10.96.0.10", "172.17.0.1", 10054).ensure();
    assertThat(api.writes()).endsWith("update services kube-system/kube-dns",
        "create endpointslices kube-system/kube-dns-172-17-0-1-10054", "update endpoints kube-system/kube-dns");
    Service svc = client.resource(Service.class).get("kube-system", "kube-dns");
    assertThat(svc.getSpec().getPorts(0).getTargetPort().getIntVal()).isEqualTo(10054);
  }
}
