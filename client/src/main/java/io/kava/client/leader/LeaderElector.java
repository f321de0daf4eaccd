package io.kava.client.leader;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.coordination.v1.LeaseSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Lease, as client-go's leaderelection: one replica of a controller process holds
 * the Lease and renews it; the others retry until it stops being renewed for leaseDuration. Expiry is
 * judged by this process's own clock from when it last saw the Lease change, so clock skew between
 * hosts does not matter. Writes are compare-and-swap on the Lease's resourceVersion.
 *
 * <p>A leader counts itself leader only until renewDeadline after its last successful renewal (shorter
 * than the leaseDuration others wait), and stops at once when it sees another holder: {@link #isLeader}
 * turns false before onStoppedLeading runs, so a {@link LeaderWriteFence} on the component's client
 * refuses its writes from that moment, even while a renewal call still hangs.
 */
public final class LeaderElector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

  public record Config(String namespace, String name, String identity, Duration leaseDuration,
      Duration renewDeadline, Duration retryPeriod) {
    /** Upstream's defaults: 15 s lease, 10 s renew deadline, 2 s retry, Lease in kube-system. */
    public static Config defaults(String name, String identity) {
      return of(name, identity, Timings.DEFAULTS);
    }

    /** The Lease kube-system/NAME with these timings. */
    public static Config of(String name, String identity, Timings timings) {
      return new Config("kube-system", name, identity, timings.leaseDuration(), timings.renewDeadline(),
          timings.retryPeriod());
    }
  }

  /** Upstream's --leader-elect-lease-duration, --leader-elect-renew-deadline, --leader-elect-retry-period. */
  public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final Timings DEFAULTS = new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(2));

    /** Upstream's check (leaderelection.NewLeaderElector): lease > renew deadline > 1.2 x retry period. */
    public Timings {
      if (retryPeriod.isNegative() || retryPeriod.isZero()) {
        throw new IllegalArgumentException("--leader-elect-retry-period must be greater than zero");
      }
      if (leaseDuration.compareTo(renewDeadline) <= 0) {
        throw new IllegalArgumentException("--leader-elect-lease-duration (" + leaseDuration.toMillis()
            + "ms) must be greater than --leader-elect-renew-deadline (" + renewDeadline.toMillis() + "ms)");
      }
      if (renewDeadline.toMillis() <= retryPeriod.toMillis() * 12 / 10) {
        throw new IllegalArgumentException("--leader-elect-renew-deadline (" + renewDeadline.toMillis()
            + "ms) must be greater than 1.2 x --leader-elect-retry-period (" + retryPeriod.toMillis() + "ms)");
      }
    }
  }

  public interface Callbacks {
    void onStartedLeading();

    /** Leadership was lost (or given up on close); processes usually exit here, as upstream does. */
    void onStoppedLeading();
  }

  private final ResourceClient<Lease> leases;
  private final Config config;
  private final Callbacks callbacks;
  private volatile boolean stopped;
  private volatile boolean leading;
  private volatile long lastRenewNanos;
  /** Set when a renewal saw another holder: leadership is over without waiting for the deadline. */
  private volatile boolean deposed;
  private Lease observed;
  private long observedAtNanos;

  public LeaderElector(ResourceClient<Lease> leases, Config config, Callbacks callbacks) {
    this.leases = leases;
    this.config = config;
    this.callbacks = callbacks;
  }

  /** True while this process holds the Lease and renewed it within the renew deadline. */
  public boolean isLeader() {
    return leading && System.nanoTime() - lastRenewNanos <= config.renewDeadline().toNanos();
  }

  /** Blocks: acquires, calls onStartedLeading, renews until lost or closed, then onStoppedLeading. */
  public void run() throws InterruptedException {
    log.info("Waiting to acquire lease {}/{} as {}", config.namespace(), config.name(), config.identity());
    while (!stopped && !tryAcquireOrRenew()) {
      Thread.sleep(config.retryPeriod().toMillis());
    }
    if (stopped) {
      return;
    }
    lastRenewNanos = System.nanoTime();
    deposed = false;
    leading = true;
    log.info("Acquired lease {}/{} as {}", config.namespace(), config.name(), config.identity());
    // As upstream's OnStartedLeading goroutine: the callback may block (waiting for caches) while
    // this thread keeps renewing the Lease.
    Thread leaderWork = new Thread(callbacks::onStartedLeading, "leading-" + config.name());
    leaderWork.setDaemon(true);
    leaderWork.start();
    while (!stopped) {
      Thread.sleep(config.retryPeriod().toMillis());
      if (tryAcquireOrRenew()) {
        lastRenewNanos = System.nanoTime();
      } else if (deposed) {
        log.warn("Lost lease {}/{}: {} holds it now", config.namespace(), config.name(),
            observed == null ? "another process" : observed.getSpec().getHolderIdentity());
        break;
      } else if (System.nanoTime() - lastRenewNanos > config.renewDeadline().toNanos()) {
        log.warn("Lost lease {}/{}: not renewed within {}", config.namespace(), config.name(),
            config.renewDeadline());
        break;
      }
    }
    // Fence first (isLeader is false from here), then stop the workers.
    leading = false;
    callbacks.onStoppedLeading();
  }

  /** Starts {@link #run} on a daemon thread. */
  public Thread start() {
    Thread t = new Thread(() -> {
      try {
        run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "leader-elector-" + config.name());
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** One attempt: true if this process holds the Lease afterwards. */
  synchronized boolean tryAcquireOrRenew() {
    if (stopped) {
      return false;
    }
    String now = Times.nowMicro();
    try {
      Lease current;
      try {
        current = leases.get(config.namespace(), config.name());
      } catch (ApiException e) {
        if (!e.isNotFound()) {
          throw e;
        }
        leases.create(newLease(now));
        observe(null);
        return true;
      }
      observe(current);
      String holder = current.getSpec().getHolderIdentity();
      boolean mine = config.identity().equals(holder);
      boolean expired = System.nanoTime() - observedAtNanos > leaseDurationOf(current).toNanos();
      if (!mine && !holder.isEmpty() && !expired) {
        if (leading) {
          deposed = true;
        }
        return false;
      }
      LeaseSpec.Builder spec = current.getSpec().toBuilder()
          .setHolderIdentity(config.identity())
          .setLeaseDurationSeconds(leaseSeconds())
          .setRenewTime(now);
      if (!mine) {
        spec.setAcquireTime(now).setLeaseTransitions(current.getSpec().getLeaseTransitions() + 1);
      }
      Lease updated = leases.update(current.toBuilder().setSpec(spec).build());
      observe(updated);
      return true;
    } catch (ApiException e) {
      log.debug("Lease {}/{} not acquired: {}", config.namespace(), config.name(), e.getMessage());
      return false;
    }
  }

  /** Leases count whole seconds; never write 0, which would mean "expired at once". */
  private int leaseSeconds() {
    return (int) Math.max(1, config.leaseDuration().toSeconds());
  }

  private Duration leaseDurationOf(Lease lease) {
    return lease.getSpec().hasLeaseDurationSeconds()
        ? Duration.ofSeconds(lease.getSpec().getLeaseDurationSeconds()) : config.leaseDuration();
  }

  /** Remembers when the Lease last changed, by our own clock. */
  private void observe(Lease lease) {
    boolean changed = observed == null || lease == null
        || !Objects.equals(observed.getSpec(), lease.getSpec());
    if (changed) {
      observedAtNanos = System.nanoTime();
    }
    observed = lease;
  }

  private Lease newLease(String now) {
    return Lease.newBuilder().setApiVersion("coordination.k8s.io/v1").setKind("Lease")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(config.namespace()).setName(config.name()))
        .setSpec(LeaseSpec.newBuilder().setHolderIdentity(config.identity())
            .setLeaseDurationSeconds(leaseSeconds())
            .setAcquireTime(now).setRenewTime(now).setLeaseTransitions(0))
        .build();
  }

  /** Gives the Lease up so another replica takes over at once instead of after leaseDuration. */
  @Override
  public synchronized void close() {
    stopped = true;
    if (leading) {
      try {
        Lease current = leases.get(config.namespace(), config.name());
        if (config.identity().equals(current.getSpec().getHolderIdentity())) {
          leases.update(current.toBuilder().setSpec(current.getSpec().toBuilder()
              .setHolderIdentity("").setLeaseDurationSeconds(1)).build());
        }
      } catch (ApiException e) {
        log.debug("Lease {}/{} not released: {}", config.namespace(), config.name(), e.getMessage());
      }
    }
  }
}
