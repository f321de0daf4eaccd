package io.kava.apiserver.testing;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.kava.apiserver.ApiServer;
import io.kava.apiserver.ApiServerConfig;
import io.kava.client.KavaClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/** An API server on in-memory storage behind the in-process gRPC transport, with a client: for unit tests. */
public final class InProcessApi implements AutoCloseable {
  public final InMemoryStorage storage;
  public final ApiServer server;
  public final KavaClient client;
  private final String name = "kava-" + UUID.randomUUID();

  public InProcessApi() {
    this(c -> c);
  }

  public InProcessApi(UnaryOperator<ApiServerConfig> customize) {
    this(new InMemoryStorage(), customize);
  }

  public InProcessApi(InMemoryStorage storage, UnaryOperator<ApiServerConfig> customize) {
    this.storage = storage;
    ApiServerConfig config = customize.apply(ApiServerConfig.defaults(List.of(URI.create("memory://local")))
        .withCompactionInterval(Duration.ZERO)
        .withBookmarkInterval(Duration.ofMillis(200)));
    this.server = new ApiServer(config, storage, false).start(InProcessServerBuilder.forName(name).directExecutor());
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    this.client = new KavaClient(channel, true, Duration.ofSeconds(10));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(server::bootstrapped);
  }

  @Override
  public void close() {
    client.close();
    server.close();
    storage.close();
  }
}
