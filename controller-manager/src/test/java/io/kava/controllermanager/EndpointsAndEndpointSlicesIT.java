package io.kava.controllermanager;

import static io.kava.controllermanager.testing.ServiceFixtures.node;
import static io.kava.controllermanager.testing.ServiceFixtures.service;
import static io.kava.controllermanager.testing.ServiceFixtures.withReady;
import static io.kava.controllermanager.testing.Workloads.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodIP;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.client.ApiException;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.controllermanager.endpoint.EndpointsController;
import io.kava.controllermanager.endpointslice.EndpointSliceController;
import io.kava.controllermanager.gc.GarbageCollector;
import io.kava.controllermanager.testing.RunningControllerManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Endpoints and EndpointSlice controllers (and the garbage collector, which removes a deleted
 * Service's slices) in the real {@link ControllerManager} against a real API server on real etcd. No
 * scheduler or kubelet: the test binds pods by spec.nodeName and writes their status (podIP, Ready)
 * with UpdateStatus itself, as a kubelet would.
 */
class EndpointsAndEndpointSlicesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The promise: an endpoint follows a pod change within a second. */
  private static final Duration PROMPTLY = Duration.ofSeconds(1);

  private static ApiServerHarness api;
  private static KavaClient client;
  private static RunningControllerManager manager;
  private static String nodeName;

  @BeforeAll
  static void start() {
    api = ApiServerHarness.start(EtcdContainer.shared());
    client = api.client();
    nodeName = "ep-node-" + UUID.randomUUID().toString().substring(0, 8);
    Node node = node(nodeName, "zone-a");
    client.resource(Node.class).create(node.toBuilder()
        .setMetadata(node.getMetadata().toBuilder().clearUid().clearCreationTimestamp()).build());
    manager = RunningControllerManager.start(api, managerClient -> List.of(new EndpointsController(managerClient),
        new EndpointSliceController(managerClient), new GarbageCollector(managerClient)));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (manager != null) {
      manager.close();
    }
    if (client != null && nodeName != null) {
      client.resource(Node.class).delete("", nodeName);
    }
    if (api != null) {
      api.close();
    }
  }

  private static String newNamespace() {
    String name = "ep-" + UUID.randomUUID().toString().substring(0, 8);
    client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(name)).build());
    return name;
  }

  /** Creates a pod bound to the node, then writes a running status with the IP, as a kubelet would. */
  private static Pod runPod(String namespace, String name, String ip, boolean ready) {
    Pod p = pod(name, Map.of("app", "web"));
    Pod created = client.resource(Pod.class).create(p.toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name).putLabels("app", "web"))
        .setSpec(p.getSpec().toBuilder().setNodeName(nodeName)).clearStatus().build());
    Pod running = withReady(created.toBuilder().setStatus(created.getStatus().toBuilder().setPhase("Running")
        .setPodIp(ip).clearPodIps().addPodIps(PodIP.newBuilder().setIp(ip))).build(), ready);
    return client.resource(Pod.class).updateStatus(running);
  }

  private static void setReady(String namespace, String name, boolean ready) {
    await().atMost(TIMEOUT).ignoreException(ApiException.class).until(() -> {
      client.resource(Pod.class).updateStatus(withReady(client.resource(Pod.class).get(namespace, name), ready));
      return true;
    });
  }

  private static Endpoints endpoints(String namespace) {
    return client.resource(Endpoints.class).get(namespace, "web");
  }

  private static boolean hasEndpoints(String namespace) {
    try {
      endpoints(namespace);
      return true;
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  private static List<String> ips(List<EndpointAddress> addresses) {
    return addresses.stream().map(EndpointAddress::getIp).sorted().toList();
  }

  private static List<EndpointSlice> slices(String namespace) {
    return client.resource(EndpointSlice.class).list(ListOptions.inNamespace(namespace)).items();
  }

  /** "ip ready/serving/terminating" of every endpoint of every slice, sorted. */
  private static List<String> sliceEndpoints(String namespace) {
    return slices(namespace).stream().flatMap(s -> s.getEndpointsList().stream()).map(EndpointsAndEndpointSlicesIT::describe)
        .sorted().toList();
  }

  private static String describe(Endpoint e) {
    return e.getAddresses(0) + " " + e.getConditions().getReady() + "/" + e.getConditions().getServing() + "/"
        + e.getConditions().getTerminating() + " " + e.getZone();
  }

  @Test
  void endpointsAndSlicesFollowPodsAndGoWithTheService() {
    String ns = newNamespace();
    runPod(ns, "web-1", "10.244.7.1", true);
    runPod(ns, "web-2", "10.244.7.2", false);
    Service svc = service("web");
    Service created = client.resource(Service.class).create(svc.toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName("web").putLabels("team", "a"))
        .setSpec(svc.getSpec().toBuilder().clearClusterIp()).build());

    await().atMost(TIMEOUT).until(() -> hasEndpoints(ns) && endpoints(ns).getSubsetsCount() == 1);
    EndpointSubset subset = endpoints(ns).getSubsets(0);
    assertThat(ips(subset.getAddressesList())).containsExactly("10.244.7.1");
    assertThat(ips(subset.getNotReadyAddressesList())).containsExactly("10.244.7.2");
    assertThat(subset.getPorts(0).getPort()).isEqualTo(8080);
    assertThat(endpoints(ns).getMetadata().getLabelsMap()).containsEntry("team", "a");

    await().atMost(TIMEOUT).until(() -> sliceEndpoints(ns).size() == 2);
    assertThat(sliceEndpoints(ns)).containsExactly("10.244.7.1 true/true/false zone-a",
        "10.244.7.2 false/false/false zone-a");
    EndpointSlice slice = slices(ns).get(0);
    assertThat(slice.getMetadata().getName()).startsWith("web-");
    assertThat(slice.getMetadata().getLabelsMap()).containsEntry("kubernetes.io/service-name", "web")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
    assertThat(slice.getMetadata().getOwnerReferences(0).getUid()).isEqualTo(created.getMetadata().getUid());

    // Steady state against the real server (its defaulting included): nothing is rewritten.
    String endpointsVersion = endpoints(ns).getMetadata().getResourceVersion();
    String sliceVersion = slice.getMetadata().getResourceVersion();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        endpoints(ns).getMetadata().getResourceVersion().equals(endpointsVersion)
            && slices(ns).get(0).getMetadata().getResourceVersion().equals(sliceVersion));

    // Readiness flips show within a second in both.
    setReady(ns, "web-2", true);
    await().atMost(PROMPTLY).until(() -> ips(endpoints(ns).getSubsets(0).getAddressesList()).size() == 2
        && sliceEndpoints(ns).contains("10.244.7.2 true/true/false zone-a"));
    setReady(ns, "web-1", false);
    await().atMost(PROMPTLY).until(() -> ips(endpoints(ns).getSubsets(0).getNotReadyAddressesList())
        .equals(List.of("10.244.7.1")) && sliceEndpoints(ns).contains("10.244.7.1 false/false/false zone-a"));

    // A bound pod being deleted waits for its kubelet: out of the Endpoints, terminating in the slice.
    client.resource(Pod.class).delete(ns, "web-1");
    await().atMost(PROMPTLY).until(() -> ips(endpoints(ns).getSubsets(0).getNotReadyAddressesList()).isEmpty()
        && sliceEndpoints(ns).contains("10.244.7.1 false/false/true zone-a"));
    // Gone for good (as when the kubelet confirms): out of the slice too.
    client.resource(Pod.class).delete(ns, "web-1", DeleteOptions.gracePeriod(0));
    await().atMost(PROMPTLY).until(() -> sliceEndpoints(ns).equals(List.of("10.244.7.2 true/true/false zone-a")));
    assertThat(slices(ns)).hasSize(1).extracting(s -> s.getMetadata().getName())
        .containsExactly(slice.getMetadata().getName());

    // The Service goes: its Endpoints are deleted by the controller, its slices by the garbage collector.
    client.resource(Service.class).delete(ns, "web");
    await().atMost(TIMEOUT).until(() -> !hasEndpoints(ns) && slices(ns).isEmpty());
  }

  @Test
  void aServiceWithoutSelectorKeepsTheEndpointsItsOwnerWrites() {
    String ns = newNamespace();
    runPod(ns, "web-1", "10.244.8.1", true);
    Service svc = service("web");
    client.resource(Service.class).create(svc.toBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName("web"))
        .setSpec(svc.getSpec().toBuilder().clearClusterIp().clearSelector()).build());
    client.resource(Endpoints.class).create(Endpoints.newBuilder().setApiVersion("v1").setKind("Endpoints")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName("web"))
        .addSubsets(EndpointSubset.newBuilder().addAddresses(EndpointAddress.newBuilder().setIp("192.0.2.10"))
            .addPorts(io.kava.api.core.v1.EndpointPort.newBuilder().setPort(80).setProtocol("TCP")))
        .build());
    // A Service with a selector in the same namespace, to know the controllers have looked by now.
    Service other = service("other");
    client.resource(Service.class).create(other.toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName("other"))
        .setSpec(other.getSpec().toBuilder().clearClusterIp()).build());
    await().atMost(TIMEOUT).ignoreExceptions().until(() ->
        client.resource(Endpoints.class).get(ns, "other").getSubsetsCount() == 1 && slices(ns).size() == 1);

    assertThat(ips(endpoints(ns).getSubsets(0).getAddressesList())).containsExactly("192.0.2.10");
    assertThat(slices(ns)).allSatisfy(s -> assertThat(s.getMetadata().getLabelsMap())
        .containsEntry("kubernetes.io/service-name", "other"));
  }
}
