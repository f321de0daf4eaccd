package io.kava.controllermanager.endpointslice;

import static io.kava.controllermanager.testing.ServiceFixtures.named;
import static io.kava.controllermanager.testing.ServiceFixtures.node;
import static io.kava.controllermanager.testing.ServiceFixtures.port;
import static io.kava.controllermanager.testing.ServiceFixtures.publishingNotReady;
import static io.kava.controllermanager.testing.ServiceFixtures.service;
import static io.kava.controllermanager.testing.ServiceFixtures.servingPod;
import static io.kava.controllermanager.testing.ServiceFixtures.withContainerPort;
import static io.kava.controllermanager.testing.ServiceFixtures.withLabels;
import static io.kava.controllermanager.testing.ServiceFixtures.withPorts;
import static io.kava.controllermanager.testing.ServiceFixtures.withReady;
import static io.kava.controllermanager.testing.ServiceFixtures.withoutSelector;
import static io.kava.controllermanager.testing.Workloads.NS;
import static io.kava.controllermanager.testing.Workloads.inPhase;
import static io.kava.controllermanager.testing.Workloads.terminating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointPort;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.testing.FaultyChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointSliceControllerTest {
  private static final String KEY = NS + "/web";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final FakeApi api = new FakeApi();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private EndpointSliceController controller;
  private FakeApi writeApi = api;

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
    if (writeApi != api) {
      writeApi.close();
    }
  }

  private void start() throws InterruptedException {
    start(api);
  }

  /** Caches fill from {@link #api}; writes go to {@code writes} (another server: caches never see them). */
  private void start(FakeApi writes) throws InterruptedException {
    writeApi = writes;
    controller = new EndpointSliceController(client(writes));
    informers = new InformerFactory(client(api), Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
  }

  private KavaClient client(FakeApi server) {
    KavaClient c = server.client();
    closeables.add(c);
    return c;
  }

  private List<EndpointSlice> stored() {
    List<EndpointSlice> slices = new ArrayList<>(
        client(writeApi).resource(EndpointSlice.class).list(ListOptions.inNamespace(NS)).items());
    slices.sort(Comparator.comparing(s -> s.getEndpointsCount() == 0 ? "" : s.getEndpoints(0).getTargetRef().getName()));
    return slices;
  }

  /** Waits until the slice cache shows exactly what the server stores. */
  private void awaitCacheCaughtUp() {
    await().atMost(TIMEOUT).until(() -> {
      List<String> cached = informers.informer(EndpointSlice.class).lister().list().stream()
          .map(s -> s.getMetadata().getName() + "@" + s.getMetadata().getResourceVersion()).sorted().toList();
      List<String> live = stored().stream()
          .map(s -> s.getMetadata().getName() + "@" + s.getMetadata().getResourceVersion()).sorted().toList();
      return cached.equals(live);
    });
  }

  private void awaitPodCached(String name, java.util.function.Predicate<Pod> state) {
    await().atMost(TIMEOUT).until(() -> informers.informer(Pod.class).lister().get(NS, name).map(state::test)
        .orElse(false));
  }

  private static Endpoint endpoint(Pod pod, boolean ready, boolean serving, boolean terminating, String zone) {
    Endpoint.Builder ep = Endpoint.newBuilder().addAddresses(pod.getStatus().getPodIp())
        .setConditions(EndpointConditions.newBuilder().setReady(ready).setServing(serving).setTerminating(terminating))
        .setTargetRef(ObjectReference.newBuilder().setKind("Pod").setNamespace(NS).setName(pod.getMetadata().getName())
            .setUid(pod.getMetadata().getUid()))
        .setNodeName("node-1");
    if (zone != null) {
      ep.setZone(zone);
    }
    return ep.build();
  }

  private static EndpointPort tcp(String name, int port) {
    return EndpointPort.newBuilder().setName(name).setPort(port).setProtocol("TCP").build();
  }

  private static List<String> names(List<EndpointSlice> slices) {
    return slices.stream().map(s -> s.getMetadata().getName()).sorted().toList();
  }

  @Test
  void conditionsFollowReadinessAndTerminationAndTheSliceIsLabelledAndOwned() throws Exception {
    Service svc = api.seed(withLabels(service("web"), Map.of("team", "a")));
    api.seed(node("node-1", "zone-a"));
    Pod ready = api.seed(servingPod("web-1", "10.1.0.1", true));
    Pod unready = api.seed(servingPod("web-2", "10.1.0.2", false));
    Pod leavingReady = api.seed(terminating(servingPod("web-3", "10.1.0.3", true)));
    Pod leavingUnready = api.seed(terminating(servingPod("web-4", "10.1.0.4", false)));
    api.seed(inPhase(servingPod("web-5", "10.1.0.5", false), "Succeeded"));
    Pod noIp = servingPod("web-6", "10.1.0.6", true);
    api.seed(noIp.toBuilder().setStatus(noIp.getStatus().toBuilder().clearPodIp().clearPodIps()).build());
    start();

    controller.sync(KEY);

    assertThat(api.writes()).hasSize(1).allMatch(w -> w.startsWith("create endpointslices default/web-"));
    EndpointSlice slice = stored().get(0);
    assertThat(slice.getMetadata().getName()).matches("web-[a-z0-9]{5}");
    assertThat(slice.getMetadata().getGenerateName()).isEqualTo("web-");
    assertThat(slice.getMetadata().getLabelsMap()).isEqualTo(Map.of("team", "a",
        "kubernetes.io/service-name", "web",
        "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"));
    assertThat(slice.getMetadata().getOwnerReferencesList()).containsExactly(OwnerReference.newBuilder()
        .setApiVersion("v1").setKind("Service").setName("web").setUid(svc.getMetadata().getUid())
        .setController(true).setBlockOwnerDeletion(true).build());
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getPortsList()).containsExactly(tcp("", 8080));
    assertThat(slice.getEndpointsList()).containsExactly(
        endpoint(ready, true, true, false, "zone-a"),
        endpoint(unready, false, false, false, "zone-a"),
        endpoint(leavingReady, false, true, true, "zone-a"),
        endpoint(leavingUnready, false, false, true, "zone-a"));
  }

  @Test
  void publishNotReadyAddressesMakesEveryEndpointReady() throws Exception {
    api.seed(publishingNotReady(service("web")));
    api.seed(node("node-1", null));
    Pod unready = api.seed(servingPod("web-1", "10.1.0.1", false));
    Pod leaving = api.seed(terminating(servingPod("web-2", "10.1.0.2", true)));
    start();

    controller.sync(KEY);

    assertThat(stored().get(0).getEndpointsList()).containsExactly(
        endpoint(unready, true, false, false, null), endpoint(leaving, true, true, true, null));
  }

  @Test
  void podsOfferingDifferentPortsGetOneSliceEachPortSet() throws Exception {
    api.seed(withPorts(service("web"), port("http", 80, named("http")),
        port("metrics", 9100, IntOrString.newBuilder().setIntVal(9100).build())));
    api.seed(node("node-1", null));
    Pod a = api.seed(withContainerPort(servingPod("web-a", "10.1.0.1", true), "http", 8080));
    Pod b = api.seed(withContainerPort(servingPod("web-b", "10.1.0.2", true), "http", 9090));
    Pod c = api.seed(servingPod("web-c", "10.1.0.3", true));
    start();

    controller.sync(KEY);

    List<EndpointSlice> slices = stored();
    assertThat(slices).hasSize(3);
    assertThat(slices.get(0).getPortsList()).containsExactly(tcp("http", 8080), tcp("metrics", 9100));
    assertThat(slices.get(0).getEndpointsList()).containsExactly(endpoint(a, true, true, false, null));
    assertThat(slices.get(1).getPortsList()).containsExactly(tcp("http", 9090), tcp("metrics", 9100));
    assertThat(slices.get(1).getEndpointsList()).containsExactly(endpoint(b, true, true, false, null));
    // As upstream: a pod lacking the named port is still an endpoint, of the ports it has.
    assertThat(slices.get(2).getPortsList()).containsExactly(tcp("metrics", 9100));
    assertThat(slices.get(2).getEndpointsList()).containsExactly(endpoint(c, true, true, false, null));
  }

  @Test
  void moreThanAHundredPodsAreSplitAndEmptiedSlicesDeleted() throws Exception {
    api.seed(service("web"));
    api.seed(node("node-1", null));
    for (int i = 0; i < 250; i++) {
      api.seed(servingPod(String.format("web-%03d", i), "10.1." + (i / 200) + "." + (i % 200 + 1), true));
    }
    start();

    controller.sync(KEY);

    List<EndpointSlice> slices = stored();
    assertThat(slices).extracting(EndpointSlice::getEndpointsCount).containsExactly(100, 100, 50);
    assertThat(slices.get(2).getEndpoints(0).getTargetRef().getName()).isEqualTo("web-200");
    awaitCacheCaughtUp();
    controller.sync(KEY);
    assertThat(api.writes()).hasSize(3);

    // The last 50 pods go: their slice is deleted, the others stay as they are.
    for (int i = 200; i < 250; i++) {
      client(api).resource(Pod.class).delete(NS, String.format("web-%03d", i));
    }
    await().atMost(TIMEOUT).until(() -> informers.informer(Pod.class).lister().list().size() == 200);
    controller.sync(KEY);

    assertThat(api.writes().subList(53, api.writes().size()))
        .containsExactly("delete endpointslices default/" + slices.get(2).getMetadata().getName());
    assertThat(names(stored())).isEqualTo(names(slices.subList(0, 2)));
  }

  @Test
  void aSecondSyncWithNothingChangedDoesNothingAndAPodChangeUpdatesTheSliceInPlace() throws Exception {
    api.seed(service("web"));
    api.seed(node("node-1", null));
    Pod pod = api.seed(servingPod("web-1", "10.1.0.1", false));
    start();
    controller.sync(KEY);
    awaitCacheCaughtUp();
    String name = stored().get(0).getMetadata().getName();

    controller.sync(KEY);
    assertThat(api.writes()).hasSize(1);

    client(api).resource(Pod.class).updateStatus(withReady(client(api).resource(Pod.class).get(NS, "web-1"), true));
    awaitPodCached("web-1", p -> p.getStatus().getConditions(0).getStatus().equals("True"));
    controller.sync(KEY);
    awaitCacheCaughtUp();
    controller.sync(KEY);

    assertThat(api.writes().subList(1, api.writes().size()))
        .containsExactly("status pods default/web-1", "update endpointslices default/" + name);
    assertThat(stored().get(0).getEndpointsList()).containsExactly(endpoint(pod, true, true, false, null));
  }

  @Test
  void aServiceWithoutPodsKeepsOnePlaceholderSlice() throws Exception {
    api.seed(service("web"));
    start();

    controller.sync(KEY);
    awaitCacheCaughtUp();
    controller.sync(KEY);

    assertThat(api.writes()).hasSize(1);
    EndpointSlice placeholder = stored().get(0);
    assertThat(placeholder.getEndpointsCount()).isZero();
    assertThat(placeholder.getPortsCount()).isZero();
  }

  @Test
  void servicesWithoutSelectorAndExternalNameServicesGetNoSlices() throws Exception {
    api.seed(withoutSelector(service("web")));
    Service external = service("ext");
    api.seed(external.toBuilder().setSpec(external.getSpec().toBuilder().setType("ExternalName")
        .setExternalName("example.org")).build());
    api.seed(node("node-1", null));
    api.seed(servingPod("web-1", "10.1.0.1", true));
    start();

    controller.sync(KEY);
    controller.sync(NS + "/ext");

    assertThat(api.writes()).isEmpty();
  }

  @Test
  void surplusSlicesAreReusedOrDeletedAndOthersSlicesLeftAlone() throws Exception {
    Service svc = api.seed(service("web"));
    api.seed(node("node-1", null));
    Pod pod = api.seed(servingPod("web-1", "10.1.0.1", true));
    EndpointSlice stale = SliceReconciler.newSlice(svc, SliceReconciler.labels(svc), List.of(tcp("", 7000)));
    api.seed(stale.toBuilder().setMetadata(stale.getMetadata().toBuilder().setName("web-aaaaa")).build());
    api.seed(stale.toBuilder().setMetadata(stale.getMetadata().toBuilder().setName("web-bbbbb")).build());
    EndpointSlice foreign = stale.toBuilder().setMetadata(stale.getMetadata().toBuilder().setName("web-mine")
        .putLabels("endpointslice.kubernetes.io/managed-by", "someone-else")).build();
    api.seed(foreign);
    start();

    controller.sync(KEY);

    // Rather than create one and delete two, the first is updated into the new one.
    assertThat(api.writes()).containsExactly("update endpointslices default/web-aaaaa",
        "delete endpointslices default/web-bbbbb");
    EndpointSlice reused = client(api).resource(EndpointSlice.class).get(NS, "web-aaaaa");
    assertThat(reused.getPortsList()).containsExactly(tcp("", 8080));
    assertThat(reused.getEndpointsList()).containsExactly(endpoint(pod, true, true, false, null));
    assertThat(client(api).resource(EndpointSlice.class).get(NS, "web-mine").getPortsList())
        .containsExactly(tcp("", 7000));
  }

  @Test
  void aCacheWithoutItsOwnCreateIsStaleAndNothingIsCreatedTwice() throws Exception {
    api.seed(service("web"));
    api.seed(node("node-1", null));
    api.seed(servingPod("web-1", "10.1.0.1", true));
    FakeApi writes = new FakeApi();
    start(writes);

    controller.sync(KEY);
    assertThatThrownBy(() -> controller.sync(KEY)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache");

    assertThat(writes.writes()).hasSize(1);
  }

  @Test
  void aFailedWriteIsAWarningEventOnTheServiceAndThrown() throws Exception {
    Service svc = api.seed(service("web"));
    api.seed(node("node-1", null));
    api.seed(servingPod("web-1", "10.1.0.1", true));
    KavaClient failing = FaultyChannel.client(client(api), n -> true);
    closeables.add(failing);
    // Events go through a client of their own: the failing one fails every create.
    controller = new EndpointSliceController(failing, EndpointSlices.MAX_ENDPOINTS_PER_SLICE,
        new EventRecorder(client(api).resource(Event.class), "endpointslice-controller", ""));
    informers = new InformerFactory(client(api), Duration.ZERO);
    controller.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();

    assertThatThrownBy(() -> controller.sync(KEY)).isInstanceOf(ApiException.class);

    await().atMost(TIMEOUT).until(() -> !client(api).resource(Event.class).list(ListOptions.inNamespace(NS)).items()
        .isEmpty());
    Event event = client(api).resource(Event.class).list(ListOptions.inNamespace(NS)).items().get(0);
    assertThat(event.getReason()).isEqualTo("FailedToUpdateEndpointSlices");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(svc.getMetadata().getUid());
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aPodOnAnUnknownNodeIsLeftOutAndTheSyncRetried() throws Exception {
    api.seed(service("web"));
    Pod known = api.seed(servingPod("web-1", "10.1.0.1", true));
    api.seed(node("node-1", null));
    Pod pod = servingPod("web-2", "10.1.0.2", true);
    api.seed(pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName("node-gone")).build());
    start();

    assertThatThrownBy(() -> controller.sync(KEY)).hasMessageContaining("web-2");

    assertThat(stored().get(0).getEndpointsList()).containsExactly(endpoint(known, true, true, false, null));
  }

  @Test
  void runningControllerRepairsTamperingAndFollowsPodsWithinASecond() throws Exception {
    api.seed(service("web"));
    api.seed(node("node-1", null));
    api.seed(servingPod("web-1", "10.1.0.1", true));
    start();
    controller.run(1);
    await().atMost(TIMEOUT).until(() -> stored().size() == 1 && stored().get(0).getEndpointsCount() == 1);
    EndpointSlice slice = stored().get(0);

    client(api).resource(EndpointSlice.class).update(slice.toBuilder().clearEndpoints().build());
    await().atMost(Duration.ofSeconds(1)).until(() -> stored().get(0).getEndpointsCount() == 1);

    client(api).resource(Pod.class).create(servingPod("web-2", "10.1.0.2", true).toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace(NS).setName("web-2").putLabels("app", "web")).build());
    await().atMost(Duration.ofSeconds(1)).until(() -> stored().get(0).getEndpointsCount() == 2);
    assertThat(names(stored())).containsExactly(slice.getMetadata().getName());
  }
}
