package io.kava.controllermanager.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.NamespaceSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.client.testing.FakeApi;
import org.junit.jupiter.api.Test;

class NamespaceContentDeleterTest {

  private static Namespace terminating(String name) {
    return Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(name).setDeletionTimestamp("2026-11-25T00:00:00Z"))
        .setSpec(NamespaceSpec.newBuilder().addFinalizers("kubernetes")).build();
  }

  private static ObjectMeta meta(String ns, String name) {
    return ObjectMeta.newBuilder().setNamespace(ns).setName(name).build();
  }

  @Test
  void deletesTheContentsFirstAndReleasesTheNamespaceOnlyWhenEmpty() {
    try (FakeApi api = new FakeApi(); KavaClient client = api.client()) {
      Namespace ns = api.seed(terminating("doomed"));
      api.seed(ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap").setMetadata(meta("doomed", "cm")).build());
      api.seed(Pod.newBuilder().setApiVersion("v1").setKind("Pod").setMetadata(meta("doomed", "web")).build());
      api.seed(ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap").setMetadata(meta("other", "keep")).build());
      NamespaceContentDeleter deleter = new NamespaceContentDeleter(client);

      assertThat(deleter.finalize(ns)).isFalse(); // objects were still there on this pass
      assertThat(api.writes()).containsExactlyInAnyOrder("delete pods doomed/web", "delete configmaps doomed/cm");

      ns = client.resource(Namespace.class).get("", "doomed");
      assertThat(deleter.finalize(ns)).isTrue();
      assertThat(api.writes()).endsWith("update namespaces doomed");
      assertThat(client.resource(Namespace.class).get("", "doomed").getSpec().getFinalizersList()).isEmpty();
      assertThat(client.resource(ConfigMap.class).get("other", "keep")).isNotNull();

      int writes = api.writes().size();
      assertThat(deleter.finalize(client.resource(Namespace.class).get("", "doomed"))).isTrue();
      assertThat(api.writes()).hasSize(writes); // idempotent: nothing left to do
    }
  }
}
