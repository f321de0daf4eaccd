package io.kava.controllermanager.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.Controller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One controller on a fake API server with its informers synced, driven by the test (no workers). */
public final class ControllerHarness implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  public final FakeApi api = new FakeApi();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private InformerFactory informers;
  private Controller controller;

  public KavaClient client() {
    KavaClient c = api.client();
    closeables.add(c);
    return c;
  }

  /** Registers the controller and waits for its caches; does not start its workers. */
  public <C extends Controller> C start(Function<KavaClient, C> make) throws InterruptedException {
    C c = make.apply(client());
    controller = c;
    informers = new InformerFactory(client(), Duration.ZERO);
    c.register(informers);
    informers.start();
    assertThat(informers.waitForSync(TIMEOUT)).isTrue();
    return c;
  }

  /** Waits until the informer of this type holds an object the condition accepts. */
  public <T extends Message> void awaitCached(Class<T> type, java.util.function.Predicate<List<T>> condition) {
    await().atMost(TIMEOUT).until(() -> condition.test(informers.informer(type).lister().list()));
  }

  public <T extends Message> T stored(Class<T> type, String namespace, String name) {
    return client().resource(type).get(namespace, name);
  }

  @Override
  public void close() throws Exception {
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
}
