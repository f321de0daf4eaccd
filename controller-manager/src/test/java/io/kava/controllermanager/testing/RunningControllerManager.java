package io.kava.controllermanager.testing;

import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.client.KavaClient;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.ControllerManager;
import io.kava.controllermanager.ControllerManagerConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The real {@link ControllerManager} running the given controllers on its own thread against a test
 * API server, as integration tests need it. Closing it stops the manager and waits for the thread.
 */
public final class RunningControllerManager implements AutoCloseable {
  private final ControllerManager manager;
  private final Thread thread;

  private RunningControllerManager(ControllerManager manager, Thread thread) {
    this.manager = manager;
    this.thread = thread;
  }

  /** Starts a manager whose controllers share one client of their own (not the test's). */
  public static RunningControllerManager start(ApiServerHarness api,
      Function<KavaClient, List<Controller>> controllers) {
    KavaClient managerClient = api.client();
    ControllerManager manager = new ControllerManager(
        new ControllerManagerConfig(api.target(), false, "it", 2, Duration.ofSeconds(30)),
        managerClient, controllers.apply(managerClient));
    Thread thread = new Thread(() -> {
      try {
        manager.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "controller-manager");
    thread.start();
    return new RunningControllerManager(manager, thread);
  }

  @Override
  public void close() throws InterruptedException {
    manager.close();
    thread.join(10_000);
  }
}
