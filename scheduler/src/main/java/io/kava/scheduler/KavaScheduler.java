package io.kava.scheduler;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.leader.LeaderElector;
import io.kava.client.leader.LeaderWriteFence;
import io.kava.client.leader.LeadershipLoop;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Service;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.scheduler.framework.SchedulingFramework;
import io.kava.scheduler.plugins.DefaultPlugins;
import io.kava.scheduler.plugins.DefaultSpreadSelector;
import io.kava.scheduler.plugins.NamespaceLabels;
import io.kava.scheduler.plugins.VolumeBinding;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.storage.v1.StorageClass;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the scheduler process: informers on pods and nodes, the event recorder, the default plugins and,
 * with leader election, the Lease kube-system/kava-scheduler so that only one replica schedules.
 * Losing the Lease stops the process, as upstream does: a fresh start comes back with clean caches.
 */
public final class KavaScheduler implements LeadershipLoop.Term {
  private static final Logger log = LoggerFactory.getLogger(KavaScheduler.class);

  private final SchedulerConfig config;
  private final KavaClient leases;
  private final InformerFactory informers;
  private final EventRecorder events;
  private final Scheduler scheduler;
  private final VolumeBinding volumeBinding;
  private final SchedulingFramework framework;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile LeaderElector elector;

  public KavaScheduler(SchedulerConfig config, KavaClient api) {
    this.config = config;
    this.leases = api;
    // Every write but the Lease's goes through the fence: a deposed leader binds nothing more.
    KavaClient client = config.leaderElect()
        ? api.withInterceptors(new LeaderWriteFence(this::mayWrite, "kube-system/" + SchedulerConfig.LEASE_NAME))
        : api;
    // No resync: the scheduler reacts to changes, and parked pods have their own periodic retry.
    this.informers = new InformerFactory(client, Duration.ZERO);
    this.events = new EventRecorder(client.resource(Event.class), config.schedulerName(), config.identity());
    var claims = informers.informer(PersistentVolumeClaim.class);
    this.volumeBinding = new VolumeBinding(claims.lister(), informers.informer(PersistentVolume.class).lister(),
        informers.informer(StorageClass.class).lister(), client.resource(PersistentVolumeClaim.class),
        config.bindTimeout());
    claims.addEventHandler(volumeBinding.claimEvents());
    this.framework = DefaultPlugins.framework(new SecureRandom(), config.percentageOfNodesToScore(),
        config.parallelism(), volumeBinding, lookups(informers));
    this.scheduler = new Scheduler(client.resource(Pod.class), informers.informer(Pod.class),
        informers.informer(Node.class), events, framework, config.schedulerName(), config.unschedulableFlushInterval(),
        informers.informer(PodDisruptionBudget.class).lister()::list);
  }

  /** Namespaces for namespaceSelector; Services, ReplicaSets and StatefulSets for the default spreading. */
  private static DefaultPlugins.Lookups lookups(InformerFactory informers) {
    return new DefaultPlugins.Lookups(NamespaceLabels.of(informers.informer(Namespace.class).lister()),
        DefaultSpreadSelector.of(informers.informer(Service.class).lister(),
            informers.informer(ReplicaSet.class).lister(), informers.informer(StatefulSet.class).lister()));
  }

  /** Starts scheduling now, or once the Lease is won; returns without waiting for either. */
  public synchronized void start() {
    if (!config.leaderElect()) {
      startScheduling();
      return;
    }
    LeaderElector.Timings timings = config.leaderElection();
    elector = new LeaderElector(leases.withDeadline(timings.renewDeadline()).resource(Lease.class),
        LeaderElector.Config.of(SchedulerConfig.LEASE_NAME, config.identity(), timings),
        new LeaderElector.Callbacks() {
          @Override
          public void onStartedLeading() {
            // Off the elector's thread: waiting for the caches must not hold up renewing the Lease.
            Thread t = new Thread(KavaScheduler.this::startScheduling, "scheduler-start");
            t.setDaemon(true);
            t.start();
          }

          @Override
          public void onStoppedLeading() {
            log.warn("Stopped leading");
            stopped.countDown();
          }
        });
    elector.start();
  }

  public boolean isLeader() {
    return elector == null || elector.isLeader();
  }

  private boolean mayWrite() {
    LeaderElector e = elector;
    return e != null && e.isLeader();
  }

  /** Blocks until closed or the Lease is lost. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** One leadership term: start, then block until closed or the Lease is lost. */
  @Override
  public void run() throws InterruptedException {
    start();
    awaitStopped();
  }

  private void startScheduling() {
    informers.start();
    try {
      while (!informers.waitForSync(Duration.ofSeconds(10))) {
        log.info("Waiting for pod and node caches to sync");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    scheduler.start();
    log.info("Started scheduling as {}", config.schedulerName());
  }

  @Override
  public void close() {
    scheduler.close();
    volumeBinding.close();
    framework.close();
    informers.close();
    events.close();
    if (elector != null) {
      elector.close();
    }
    stopped.countDown();
  }
}
