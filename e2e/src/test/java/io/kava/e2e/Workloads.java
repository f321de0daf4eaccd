package io.kava.e2e;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.codec.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the Service scenarios do through the API: apply manifests, wait for ready pods and endpoints. */
final class Workloads {
  static final Duration CONVERGE = Duration.ofSeconds(90);

  private final KavaClient client;

  Workloads(KavaClient client) {
    this.client = client;
  }

  /** Creates every object of a YAML text (one or more documents) in "default" unless it names a namespace, as `kavactl create -f` does. */
  void create(String yaml) {
    for (Message object : Manifests.parse(yaml, "test manifest")) {
      client.resource(Kinds.of(object)).create(inDefaultNamespace(object));
    }
  }

  private static Message inDefaultNamespace(Message object) {
    if (!Kinds.of(object).namespaced()) {
      return object;
    }
    Message.Builder b = object.toBuilder();
    var metaField = b.getDescriptorForType().findFieldByName("metadata");
    ObjectMeta meta = (ObjectMeta) b.getField(metaField);
    if (meta.getNamespace().isEmpty()) {
      b.setField(metaField, meta.toBuilder().setNamespace("default").build());
    }
    return b.build();
  }

  /** A manifest of deploy/examples, unchanged. */
  static String example(String relativePath) {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    try {
      return Files.readString(repo.resolve("deploy/examples").resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Pod> pods(String namespace, String selector) {
    return client.resource(Pod.class).list(ListOptions.inNamespace(namespace).withLabelSelector(selector)).items();
  }

  static boolean isReady(Pod p) {
    return p.getStatus().getPhase().equals("Running") && p.getMetadata().getDeletionTimestamp().isEmpty()
        && p.getStatus().getConditionsList().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  List<Pod> readyPods(String namespace, String selector) {
    return pods(namespace, selector).stream().filter(Workloads::isReady).toList();
  }

  /** Waits until exactly n pods match and all are ready; returns them. */
  List<Pod> awaitReadyPods(String namespace, String selector, int n) {
    await(n + " ready pods " + selector).atMost(CONVERGE).pollInterval(Duration.ofMillis(300))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> pods(namespace, selector).size() == n && readyPods(namespace, selector).size() == n);
    return readyPods(namespace, selector);
  }

  Pod awaitReadyPod(String namespace, String name) {
    await("pod " + name + " ready").atMost(CONVERGE).pollInterval(Duration.ofMillis(300))
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> isReady(client.resource(Pod.class).get(namespace, name)));
    return client.resource(Pod.class).get(namespace, name);
  }

  Service service(String namespace, String name) {
    return client.resource(Service.class).get(namespace, name);
  }

  /** The ready addresses of a Service's Endpoints object, sorted. */
  Set<String> readyEndpointIps(String namespace, String name) {
    Set<String> ips = new TreeSet<>();
    try {
      Endpoints ep = client.resource(Endpoints.class).get(namespace, name);
      ep.getSubsetsList().forEach(s -> s.getAddressesList().forEach(a -> ips.add(a.getIp())));
    } catch (ApiException e) {
      // not written yet
    }
    return ips;
  }

  static Set<String> ipsOf(List<Pod> pods) {
    Set<String> ips = new TreeSet<>();
    pods.forEach(p -> ips.add(p.getStatus().getPodIp()));
    return ips;
  }

  static Set<String> namesOf(List<Pod> pods) {
    Set<String> names = new TreeSet<>();
    pods.forEach(p -> names.add(p.getMetadata().getName()));
    return names;
  }

  /** Waits until the Service's Endpoints list exactly the given pods as ready. */
  void awaitEndpoints(String namespace, String service, List<Pod> pods) {
    Set<String> want = ipsOf(pods);
    await("endpoints of " + service + " = " + want).atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
        .until(() -> readyEndpointIps(namespace, service).equals(want));
  }
}
