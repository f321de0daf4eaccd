package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.apiserver.storage.EtcdStorage;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdContainer;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CRUD, conflicts, validation and concurrency through a real API server socket on a real etcd. */
class ApiServerIT {
  private static ApiServerHarness api;
  private static KavaClient client;
  private static EtcdStorage etcd;

  @BeforeAll
  static void start() {
    EtcdContainer container = EtcdContainer.shared();
    api = ApiServerHarness.start(container);
    client = api.client();
    etcd = container.storage();
  }

  @AfterAll
  static void stop() {
    etcd.close();
    api.close();
  }

  private static String namespace(String name) {
    client.resource(Namespace.class).create(Fixtures.namespace(name));
    return name;
  }

  private static ApiException error(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void everyKindRoundTripsAndIsStoredAsProtobufUnderItsKey() throws Exception {
    String ns = namespace("it-crud");
    for (Message object : Fixtures.everyKind(ns, "it-crud")) {
      Kind kind = Kinds.of(object);
      ResourceClient<Message> rc = client.resource(kind);
      Message created = rc.create(object);
      String name = ApiObjects.meta(created).getName();
      String key = kind.namespaced() ? "/registry/" + kind.resource() + "/" + ns + "/" + name : "/registry/" + kind.resource() + "/" + name;
      KeyValue stored = etcd.get(key).orElseThrow(() -> new AssertionError("nothing stored at " + key));
      assertThat(Long.toString(stored.modRevision())).as(kind.kind()).isEqualTo(ApiObjects.resourceVersion(created));
      Message decoded = kind.defaultInstance().getParserForType().parseFrom(stored.value());
      assertThat(ApiObjects.meta(decoded).getUid()).isEqualTo(ApiObjects.meta(created).getUid());

      assertThat(rc.get(ns, name)).as(kind.kind()).isEqualTo(created);
      assertThat(rc.list(ListOptions.inNamespace(ns)).items()).as(kind.kind()).contains(created);
      Message updated = rc.update(ApiObjects.withMeta(created, ApiObjects.meta(created).toBuilder().putLabels("v", "2").build()));
      assertThat(etcd.get(key).orElseThrow().modRevision()).isEqualTo(Long.parseLong(ApiObjects.resourceVersion(updated)));
      rc.delete(ns, name);
      if (!kind.equals(Kinds.NAMESPACE)) {
        assertThat(etcd.get(key)).as(kind.kind()).isEmpty();
        assertThat(error(() -> rc.get(ns, name)).isNotFound()).isTrue();
      }
    }
  }

  @Test
  void staleResourceVersionIsAConflictAndWritesNothing() {
    String ns = namespace("it-conflict");
    var rc = client.resource(ConfigMap.class);
    ConfigMap v1 = rc.create(Fixtures.configMap(ns, "c"));
    ConfigMap v2 = rc.update(v1.toBuilder().putData("counter", "1").build());
    KeyValue before = etcd.get("/registry/configmaps/" + ns + "/c").orElseThrow();
    long revisionBefore = etcd.currentRevision();

    ApiException e = error(() -> rc.update(v1.toBuilder().putData("counter", "2").build()));
    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.reason()).isEqualTo("Conflict");

    KeyValue after = etcd.get("/registry/configmaps/" + ns + "/c").orElseThrow();
    assertThat(after.modRevision()).isEqualTo(before.modRevision());
    assertThat(after.value()).isEqualTo(before.value());
    assertThat(etcd.currentRevision()).isEqualTo(revisionBefore);
    assertThat(rc.get(ns, "c")).isEqualTo(v2);
  }

  @Test
  void invalidObjectsAreRejectedWithFieldPathsAndNothingIsStored() {
    String ns = namespace("it-invalid");
    long revisionBefore = etcd.currentRevision();
    Deployment bad = Fixtures.deployment(ns, "nginx").toBuilder().setSpec(Fixtures.deployment(ns, "nginx").getSpec().toBuilder()
        .setReplicas(-1).setTemplate(Fixtures.template().toBuilder()
            .setMetadata(Fixtures.template().getMetadata().toBuilder().putLabels("app", "other")))).build();
    ApiException e = error(() -> client.resource(Deployment.class).create(bad));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage()).isEqualTo("Deployment.apps \"nginx\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, "
        + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`]");
    assertThat(e.causes()).extracting(c -> c.getField()).containsExactly("spec.replicas", "spec.template.metadata.labels");

    Service badPort = Fixtures.service(ns, "svc").toBuilder().setSpec(Fixtures.service(ns, "svc").getSpec().toBuilder()
        .setPorts(0, Fixtures.service(ns, "svc").getSpec().getPorts(0).toBuilder().setPort(70000))).build();
    ApiException e2 = error(() -> client.resource(Service.class).create(badPort));
    assertThat(e2.causes()).extracting(c -> c.getField()).contains("spec.ports[0].port");

    Pod noContainers = Fixtures.pod(ns, "p").toBuilder().setSpec(Fixtures.podSpec().toBuilder().clearContainers()).build();
    assertThat(error(() -> client.resource(Pod.class).create(noContainers)).causes())
        .extracting(c -> c.getField() + " " + c.getReason()).containsExactly("spec.containers FieldValueRequired");

    assertThat(etcd.range("/registry/deployments/" + ns + "/", 0).items()).isEmpty();
    assertThat(etcd.range("/registry/services/" + ns + "/", 0).items()).isEmpty();
    assertThat(etcd.range("/registry/pods/" + ns + "/", 0).items()).isEmpty();
    assertThat(etcd.currentRevision()).isEqualTo(revisionBefore);
  }

  @Test
  void hundredConcurrentWritersLoseNoUpdate() throws Exception {
    String ns = namespace("it-counter");
    var rc = client.resource(ConfigMap.class);
    rc.create(Fixtures.configMap(ns, "counter"));
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        writers.add(pool.submit(() -> {
          while (true) {
            ConfigMap current = rc.get(ns, "counter");
            int value = Integer.parseInt(current.getDataMap().get("counter"));
            try {
              rc.update(current.toBuilder().putData("counter", Integer.toString(value + 1)).build());
              return null;
            } catch (ApiException e) {
              if (!e.isConflict()) {
                throw e;
              }
              conflicts.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : writers) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(rc.get(ns, "counter").getDataMap()).containsEntry("counter", "100");
    assertThat(conflicts.get()).as("writers really raced").isPositive();
  }

  @Test
  void bookmarksCarryTheRevisionOfChangesTheClientsSelectorFilteredOut() {
    String ns = namespace("it-bookmark");
    io.kava.apiserver.testing.EventCollector<ConfigMap> events = new io.kava.apiserver.testing.EventCollector<>();
    var configMaps = client.resource(ConfigMap.class);
    try (io.kava.client.Watch w = configMaps.watch(ListOptions.inNamespace(ns).withLabelSelector("app=shown"), "", events)) {
      // A change the selector filters out is never sent, but the bookmark moves past it.
      ConfigMap hidden = configMaps.create(Fixtures.configMap(ns, "hidden"));
      long written = Long.parseLong(hidden.getMetadata().getResourceVersion());
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> events.bookmarks().stream()
          .anyMatch(b -> Long.parseLong(b.resourceVersion()) >= written));
      assertThat(events.events()).isEmpty();
    }
  }

  @Test
  void systemNamespacesExistAndUnknownResourcesAreNotFound() {
    List<String> names = client.resource(Namespace.class).list(ListOptions.all()).items().stream()
        .map(n -> n.getMetadata().getName()).toList();
    assertThat(names).contains("default", "kube-system", "kube-public", "kube-node-lease");
    Optional<KeyValue> stored = etcd.get("/registry/namespaces/default");
    assertThat(stored).isPresent();
  }
}
