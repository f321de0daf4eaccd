package io.kava.controllermanager.endpoint;

import static io.kava.controllermanager.testing.ServiceFixtures.named;
import static io.kava.controllermanager.testing.ServiceFixtures.port;
import static io.kava.controllermanager.testing.ServiceFixtures.publishingNotReady;
import static io.kava.controllermanager.testing.ServiceFixtures.service;
import static io.kava.controllermanager.testing.ServiceFixtures.servingPod;
import static io.kava.controllermanager.testing.ServiceFixtures.withContainerPort;
import static io.kava.controllermanager.testing.ServiceFixtures.withHostname;
import static io.kava.controllermanager.testing.ServiceFixtures.withLabels;
import static io.kava.controllermanager.testing.ServiceFixtures.withPorts;
import static io.kava.controllermanager.testing.ServiceFixtures.withReady;
import static io.kava.controllermanager.testing.ServiceFixtures.withoutSelector;
import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.inPhase;
import static io.kava.controllermanager.testing.Workloads.pod;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointsControllerTest {
  private static final String KEY = NS + "/web";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final FakeApi api = new FakeApi();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private EndpointsController controller;

  @AfterEach
  void tearDown() throws Exception {
    if (controller != null) {
      controller.stop();
    }
    if (informers != null) {
      informers.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    api.close();
  }

  private void start() throws InterruptedException {
    controller = new EndpointsController(client());
    informers = new InformerFactory(client(), Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
  }

  private KavaClient client() {
    KavaClient c = api.client();
    closeables.add(c);
    return c;
  }

  private Endpoints stored() {
    return client().resource(Endpoints.class).get(NS, "web");
  }

  private void awaitCacheHolds(Endpoints endpoints) {
    await().atMost(TIMEOUT).until(() -> informers.informer(Endpoints.class).lister().get(KEY)
        .map(e -> e.getMetadata().getResourceVersion().equals(endpoints.getMetadata().getResourceVersion()))
        .orElse(false));
  }

  private static EndpointAddress address(Pod pod) {
    return EndpointAddress.newBuilder().setIp(pod.getStatus().getPodIp()).setNodeName("node-1")
        .setTargetRef(ObjectReference.newBuilder().setKind("Pod").setNamespace(NS).setName(pod.getMetadata().getName())
            .setUid(pod.getMetadata().getUid()))
        .build();
  }

  private static EndpointPort tcp(String name, int port) {
    return EndpointPort.newBuilder().setName(name).setPort(port).setProtocol("TCP").build();
  }

  @Test
  void readyPodsAreAddressesUnreadyOnesNotReadyAndTheRestLeftOut() throws Exception {
    api.seed(withLabels(service("web"), Map.of("team", "a")));
    Pod ready = api.seed(servingPod("web-1", "10.1.0.1", true));
    Pod unready = api.seed(servingPod("web-2", "10.1.0.2", false));
    api.seed(terminating(servingPod("web-3", "10.1.0.3", true)));
    api.seed(inPhase(servingPod("web-4", "10.1.0.4", false), "Succeeded"));
    api.seed(inPhase(servingPod("web-5", "10.1.0.5", false), "Failed"));
    api.seed(pod("web-6", Map.of("app", "web"))); // not scheduled, no IP
    Pod noIp = servingPod("web-7", "10.1.0.7", true);
    api.seed(noIp.toBuilder().setStatus(noIp.getStatus().toBuilder().clearPodIp().clearPodIps()).build());
    api.seed(servingPod("other", "10.1.0.9", true).toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName("other").putLabels("app", "db")).build());
    start();

    controller.sync(KEY);

    assertThat(api.writes()).containsExactly("create endpoints default/web");
    Endpoints ep = stored();
    assertThat(ep.getMetadata().getLabelsMap()).isEqualTo(Map.of("team", "a"));
    assertThat(ep.getSubsetsList()).containsExactly(EndpointSubset.newBuilder()
        .addAddresses(address(ready)).addNotReadyAddresses(address(unready)).addPorts(tcp("", 8080)).build());
  }

  @Test
  void aNamedTargetPortIsResolvedPerPodAndPodsWithoutItAreLeftOut() throws Exception {
    api.seed(withPorts(service("web"), port("http", 80, named("http")), port("metrics", 9100,
        io.kava.api.meta.v1.IntOrString.newBuilder().setIntVal(9100).build())));
    Pod a = api.seed(withContainerPort(servingPod("web-a", "10.1.0.1", true), "http", 8080));
    Pod b = api.seed(withContainerPort(servingPod("web-b", "10.1.0.2", true), "http", 9090));
    Pod c = api.seed(servingPod("web-c", "10.1.0.3", true));
    start();

    controller.sync(KEY);

    // Upstream RepackSubsets: each port goes with exactly the addresses offering it; web-c lacks http.
    assertThat(stored().getSubsetsList()).containsExactly(
        EndpointSubset.newBuilder().addAddresses(address(a)).addPorts(tcp("http", 8080)).build(),
        EndpointSubset.newBuilder().addAddresses(address(b)).addPorts(tcp("http", 9090)).build(),
        EndpointSubset.newBuilder().addAddresses(address(a)).addAddresses(address(b)).addAddresses(address(c))
            .addPorts(tcp("metrics", 9100)).build());
  }

  @Test
  void publishNotReadyAddressesPublishesUnreadyAndTerminatingPodsAsReady() throws Exception {
    api.seed(publishingNotReady(service("web")));
    Pod unready = api.seed(servingPod("web-1", "10.1.0.1", false));
    Pod leaving = api.seed(terminating(servingPod("web-2", "10.1.0.2", true)));
    start();

    controller.sync(KEY);

    assertThat(stored().getSubsetsList()).containsExactly(EndpointSubset.newBuilder()
        .addAddresses(address(unready)).addAddresses(address(leaving)).addPorts(tcp("", 8080)).build());
  }

  @Test
  void aHostnameIsPublishedForPodsWhoseSubdomainIsTheService() throws Exception {
    api.seed(service("web"));
    Pod named = api.seed(withHostname(servingPod("web-1", "10.1.0.1", true), "web-1", "web"));
    Pod other = api.seed(withHostname(servingPod("web-2", "10.1.0.2", true), "web-2", "elsewhere"));
    start();

    controller.sync(KEY);

    assertThat(stored().getSubsets(0).getAddressesList())
        .containsExactly(address(named).toBuilder().setHostname("web-1").build(), address(other));
  }

  @Test
  void aSecondSyncWithNothingChangedDoesNothingAndAPodChangeWritesOnce() throws Exception {
    api.seed(service("web"));
    Pod pod = api.seed(servingPod("web-1", "10.1.0.1", false));
    start();
    controller.sync(KEY);
    awaitCacheHolds(stored());

    controller.sync(KEY);
    assertThat(api.writes()).containsExactly("create endpoints default/web");

    Pod stored = client().resource(Pod.class).get(NS, "web-1");
    client().resource(Pod.class).updateStatus(withReady(stored, true));
    await().atMost(TIMEOUT).until(() -> informers.informer(Pod.class).lister().get(NS, "web-1")
        .map(p -> p.getStatus().getConditions(0).getStatus().equals("True")).orElse(false));
    controller.sync(KEY);
    // The second sync reads its own write from the cache, as a worker's next sync would.
    awaitCacheHolds(stored());
    controller.sync(KEY);

    assertThat(api.writes()).containsExactly("create endpoints default/web", "status pods default/web-1",
        "update endpoints default/web");
    assertThat(stored().getSubsets(0).getAddressesList()).containsExactly(address(pod));
  }

  @Test
  void servicesWithoutSelectorAndExternalNameServicesAreLeftAlone() throws Exception {
    api.seed(withoutSelector(service("web")));
    Service external = service("ext");
    api.seed(external.toBuilder().setSpec(external.getSpec().toBuilder().setType("ExternalName")
        .setExternalName("example.org")).build());
    api.seed(Endpoints.newBuilder().setApiVersion("v1").setKind("Endpoints")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName("web"))
        .addSubsets(EndpointSubset.newBuilder().addAddresses(EndpointAddress.newBuilder().setIp("192.0.2.1"))
            .addPorts(tcp("", 80)))
        .build());
    api.seed(servingPod("web-1", "10.1.0.1", true));
    start();

    controller.sync(KEY);
    controller.sync(NS + "/ext");

    assertThat(api.writes()).isEmpty();
    assertThat(stored().getSubsets(0).getAddresses(0).getIp()).isEqualTo("192.0.2.1");
  }

  @Test
  void theEndpointsOfADeletedServiceAreDeleted() throws Exception {
    api.seed(Endpoints.newBuilder().setApiVersion("v1").setKind("Endpoints")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName("web")).build());
    start();

    controller.sync(KEY);
    controller.sync(KEY);

    assertThat(api.writes()).containsExactly("delete endpoints default/web");
  }

  @Test
  void aHeadlessServiceIsLabelledAndLabelChangesAreWritten() throws Exception {
    Service headless = service("web");
    headless = api.seed(headless.toBuilder().setSpec(headless.getSpec().toBuilder().setClusterIp("None")).build());
    api.seed(servingPod("web-1", "10.1.0.1", true));
    start();
    controller.sync(KEY);
    assertThat(stored().getMetadata().getLabelsMap()).isEqualTo(Map.of("service.kubernetes.io/headless", ""));
    awaitCacheHolds(stored());

    Service current = client().resource(Service.class).get(NS, "web");
    client().resource(Service.class).update(withLabels(current, Map.of("tier", "front")));
    await().atMost(TIMEOUT).until(() -> informers.informer(Service.class).lister().get(KEY)
        .map(s -> s.getMetadata().getLabelsMap().containsKey("tier")).orElse(false));
    controller.sync(KEY);

    assertThat(stored().getMetadata().getLabelsMap())
        .isEqualTo(Map.of("service.kubernetes.io/headless", "", "tier", "front"));
  }

  @Test
  void runningControllerFollowsAPodTurningReadyWithinASecond() throws Exception {
    api.seed(service("web"));
    api.seed(servingPod("web-1", "10.1.0.1", false));
    start();
    controller.run(1);
    await().atMost(TIMEOUT).until(() -> exists() && stored().getSubsets(0).getNotReadyAddressesCount() == 1);

    Pod pod = client().resource(Pod.class).get(NS, "web-1");
    client().resource(Pod.class).updateStatus(withReady(pod, true));

    await().atMost(Duration.ofSeconds(1)).until(() -> stored().getSubsets(0).getAddressesCount() == 1);
    // Deleting the Endpoints (tampering) brings them back.
    client().resource(Endpoints.class).delete(NS, "web");
    await().atMost(Duration.ofSeconds(1)).until(this::exists);
  }

  private boolean exists() {
    try {
      stored();
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

}
