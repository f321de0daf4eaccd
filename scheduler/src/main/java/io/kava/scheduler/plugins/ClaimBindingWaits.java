package io.kava.scheduler.plugins;

import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.client.ApiObjects;
import io.kava.client.informer.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The waits of VolumeBinding's PreBind, as upstream's BindPodVolumes polling checkBindings: each wait
 * holds the claims one pod needs bound and a check of them; it is checked again whenever one of its
 * claims changes (the claim informer's events), once a second besides (upstream's poll interval: a
 * volume the cache did not show yet), and ends when the check passes or fails, or at the bind timeout.
 * Nothing blocks: each wait is a future the binder continues from.
 */
final class ClaimBindingWaits implements ResourceEventHandler<PersistentVolumeClaim>, AutoCloseable {
  private static final Duration RECHECK = Duration.ofSeconds(1);

  /** Whether the claims are bound: true, false (not yet), or a throw (they never will be for this node). */
  interface Check {
    boolean bound();
  }

  private final Duration timeout;
  private final ScheduledExecutorService timer;
  private final Set<Wait> waits = ConcurrentHashMap.newKeySet();

  ClaimBindingWaits(Duration timeout) {
    this.timeout = timeout;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scheduler-volume-binding");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::checkAll, RECHECK.toMillis(), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Completes once the check passes; fails when it throws or at the timeout. */
  CompletableFuture<Void> await(List<String> claimKeys, Check check) {
    Wait wait = new Wait(Set.copyOf(claimKeys), check, new CompletableFuture<>());
    waits.add(wait);
    wait.expiry = timer.schedule(() -> {
      waits.remove(wait);
      wait.done.completeExceptionally(new TimeoutException("binding volumes: timed out waiting for "
          + String.join(", ", claimKeys.stream().sorted().toList()) + " to be bound (bind timeout "
          + timeout.toSeconds() + "s)"));
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    evaluate(wait);
    return wait.done;
  }

  int pending() {
    return waits.size();
  }

  @Override
  public void onAdd(PersistentVolumeClaim claim) {
    changed(ApiObjects.key(claim));
  }

  @Override
  public void onUpdate(PersistentVolumeClaim oldClaim, PersistentVolumeClaim newClaim) {
    changed(ApiObjects.key(newClaim));
  }

  @Override
  public void onDelete(PersistentVolumeClaim claim) {
    changed(ApiObjects.key(claim));
  }

  private void changed(String claimKey) {
    for (Wait w : waits) {
      if (w.claims.contains(claimKey)) {
        evaluate(w);
      }
    }
  }

  private void checkAll() {
    waits.forEach(this::evaluate);
  }

  private void evaluate(Wait w) {
    try {
      if (!w.check.bound()) {
        return;
      }
      finish(w);
      w.done.complete(null);
    } catch (RuntimeException e) {
      finish(w);
      w.done.completeExceptionally(e);
    }
  }

  private void finish(Wait w) {
    waits.remove(w);
    ScheduledFuture<?> expiry = w.expiry;
    if (expiry != null) {
      expiry.cancel(false);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static final class Wait {
    final Set<String> claims;
    final Check check;
    final CompletableFuture<Void> done;
    volatile ScheduledFuture<?> expiry;

    Wait(Set<String> claims, Check check, CompletableFuture<Void> done) {
      this.claims = claims;
      this.check = check;
      this.done = done;
    }
  }
}
