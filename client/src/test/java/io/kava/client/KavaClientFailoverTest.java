package io.kava.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.testing.FakeApi;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** KavaClient.connect("h1:p1,h2:p2"): reads go on against the second server when the first goes away. */
class KavaClientFailoverTest {
  private static Server serve(FakeApi api) throws Exception {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(api).build().start();
  }

  private static Namespace seeded(FakeApi api, String label) {
    return api.seed(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("default")
        .putLabels("server", label)).build());
  }

  @Test
  void aGetFailsOverToTheNextServerWithoutAnError() throws Exception {
    try (FakeApi first = new FakeApi(); FakeApi second = new FakeApi()) {
      seeded(first, "first");
      seeded(second, "second");
      Server a = serve(first);
      Server b = serve(second);
      try (KavaClient client = KavaClient.connect("127.0.0.1:" + a.getPort() + ", 127.0.0.1:" + b.getPort())) {
        ResourceClient<Namespace> namespaces = client.resource(Namespace.class);
        assertThat(namespaces.get("", "default").getMetadata().getLabelsMap()).containsEntry("server", "first");

        a.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertThat(namespaces.get("", "default").getMetadata().getLabelsMap()).containsEntry("server", "second");
        assertThat(namespaces.list(ListOptions.all()).items()).hasSize(1);
      } finally {
        a.shutdownNow();
        b.shutdownNow();
      }
    }
  }

  @Test
  void aSingleAddressStillWorksAndBadListsAreRefused() throws Exception {
    try (FakeApi only = new FakeApi()) {
      seeded(only, "only");
      Server a = serve(only);
      try (KavaClient client = KavaClient.connect("127.0.0.1:" + a.getPort())) {
        assertThat(client.resource(Namespace.class).get("", "default")).isNotNull();
      } finally {
        a.shutdownNow();
      }
    }
    assertThatThrownBy(() -> ApiServers.parse("127.0.0.1:1,nohost")).hasMessageContaining("'nohost' is not host:port");
    assertThatThrownBy(() -> ApiServers.parse(" , ")).hasMessageContaining("no API server address");
    assertThat(ApiServers.parse("a:1, b:2").toString()).isEqualTo("a:1,b:2");
  }
}
