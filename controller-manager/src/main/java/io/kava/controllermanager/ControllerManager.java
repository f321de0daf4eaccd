package io.kava.controllermanager;

import io.kava.api.coordination.v1.Lease;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.leader.LeaderElector;
import io.kava.client.leader.LeaderWriteFence;
import io.kava.client.leader.LeadershipLoop;
import io.kava.controllermanager.clientbuilder.ControllerClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the controllers: one shared informer factory, leader election on the Lease
 * kube-system/kava-controller-manager (so several replicas can run and only one acts), then every
 * controller's workers. Losing leadership stops the process, as upstream does: a fresh start is the
 * simplest way to come back with clean caches.
 */
public final class ControllerManager implements LeadershipLoop.Term {
  private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);
  public static final String LEASE_NAME = "kava-controller-manager";

  private final ControllerManagerConfig config;
  private final KavaClient client;
  private final List<Controller> controllers;
  private final InformerFactory informers;
  private final ControllerClients controllerClients;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile LeaderElector elector;

  public ControllerManager(ControllerManagerConfig config, KavaClient client, List<Controller> controllers) {
    this.config = config;
    this.client = client;
    this.controllers = controllers;
    this.informers = new InformerFactory(client, config.resyncPeriod());
    this.controllerClients = ControllerClients.shared(client);
  }

  /**
   * Controllers built on a client whose writes pass only while this term leads (a deposed leader's
   * workers write nothing more), with leader election on.
   */
  public ControllerManager(ControllerManagerConfig config, KavaClient client,
      Function<KavaClient, List<Controller>> controllers) {
    this(config, client, ControllerClients.shared(client), clients -> controllers.apply(clients.client("")));
  }

  /**
   * The same with each controller's client from {@code clients} by its ServiceAccount's name (its own
   * identity with --use-service-account-credentials), fenced as well; informers keep the manager's
   * client. The term closes {@code clients}.
   */
  public ControllerManager(ControllerManagerConfig config, KavaClient client, ControllerClients clients,
      Function<ControllerClients, List<Controller>> controllers) {
    this.config = config;
    this.client = client;
    this.controllerClients = clients;
    this.controllers = controllers.apply(serviceAccount -> fenced(clients.client(serviceAccount)));
    this.informers = new InformerFactory(fenced(client), config.resyncPeriod());
  }

  private KavaClient fenced(KavaClient c) {
    return config.leaderElect()
        ? c.withInterceptors(new LeaderWriteFence(this::mayWrite, "kube-system/" + LEASE_NAME))
        : c;
  }

  private boolean mayWrite() {
    LeaderElector e = elector;
    return e != null && e.isLeader();
  }

  /** Runs until closed or leadership is lost. */
  @Override
  public void run() throws InterruptedException {
    if (!config.leaderElect()) {
      startControllers();
      stopped.await();
      return;
    }
    LeaderElector.Timings timings = config.leaderElection();
    elector = new LeaderElector(client.withDeadline(timings.renewDeadline()).resource(Lease.class),
        LeaderElector.Config.of(LEASE_NAME, config.identity(), timings),
        new LeaderElector.Callbacks() {
          @Override
          public void onStartedLeading() {
            try {
              startControllers();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void onStoppedLeading() {
            log.warn("Stopped leading");
            stopped.countDown();
          }
        });
    elector.start();
    stopped.await();
  }

  private void startControllers() throws InterruptedException {
    for (Controller c : controllers) {
      c.register(informers);
    }
    informers.start();
    while (!informers.waitForSync(Duration.ofSeconds(10))) {
      log.info("Waiting for informer caches to sync");
    }
    for (Controller c : controllers) {
      c.run(config.workers());
      log.info("Started controller {}", c.name());
    }
  }

  @Override
  public void close() {
    controllers.forEach(Controller::stop);
    informers.close();
    controllerClients.close();
    if (elector != null) {
      elector.close();
    }
    stopped.countDown();
  }
}
