package io.kava.controllermanager.util;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's (UID-tracking) ControllerExpectations: how many creations and which deletions a controller
 * has issued for one of its objects but not yet seen come back through its informer. While any are
 * outstanding the controller's cache is known to lag its own writes, so it must not act on counts
 * from the cache (it would create twice). Expectations expire after {@link #TIMEOUT}, so a lost watch
 * event can only delay a controller, never wedge it.
 *
 * <p>Deletions are tracked by object key: a pod seen first with a deletionTimestamp and later gone
 * lowers the expectation once, not twice.
 */
public final class ControllerExpectations {
  public static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Clock clock;
  private final Map<String, Expectation> byController = new ConcurrentHashMap<>();

  /** Outstanding work for one controller key; mutable only under its own lock. */
  private static final class Expectation {
    private int adds;
    private int deletes;
    private final Set<String> pendingDeleteKeys = new HashSet<>();
    private final Instant setAt;

    Expectation(int adds, Collection<String> deleteKeys, Instant setAt) {
      this.adds = adds;
      this.pendingDeleteKeys.addAll(deleteKeys);
      this.deletes = pendingDeleteKeys.size();
      this.setAt = setAt;
    }

    synchronized boolean fulfilled() {
      return adds <= 0 && deletes <= 0;
    }
  }

  public ControllerExpectations() {
    this(Clock.systemUTC());
  }

  public ControllerExpectations(Clock clock) {
    this.clock = clock;
  }

  /**
   * True when the controller may trust its cache for this key: no expectations recorded, all of them
   * observed, or recorded more than {@link #TIMEOUT} ago.
   */
  public boolean satisfied(String controllerKey) {
    Expectation e = byController.get(controllerKey);
    if (e == null) {
      return true;
    }
    return e.fulfilled() || expired(e);
  }

  /** Replaces any previous expectation: the controller is about to create {@code count} objects. */
  public void expectCreations(String controllerKey, int count) {
    byController.put(controllerKey, new Expectation(count, Set.of(), clock.instant()));
  }

  /** Replaces any previous expectation: the controller is about to delete the objects with these keys. */
  public void expectDeletions(String controllerKey, Collection<String> deletedKeys) {
    byController.put(controllerKey, new Expectation(0, deletedKeys, clock.instant()));
  }

  /** An object this controller owns appeared in the cache (or a planned create will never happen). */
  public void creationObserved(String controllerKey) {
    Expectation e = byController.get(controllerKey);
    if (e != null) {
      synchronized (e) {
        e.adds--;
      }
    }
  }

  /** The object with this key is gone or going (or a planned delete failed); counts once per key. */
  public void deletionObserved(String controllerKey, String deletedKey) {
    Expectation e = byController.get(controllerKey);
    if (e != null) {
      synchronized (e) {
        if (e.pendingDeleteKeys.remove(deletedKey)) {
          e.deletes--;
        }
      }
    }
  }

  /** The controller object itself is gone. */
  public void delete(String controllerKey) {
    byController.remove(controllerKey);
  }

  /** Outstanding (adds, deletes) for tests and logs; empty when nothing is recorded. */
  public Optional<int[]> pending(String controllerKey) {
    Expectation e = byController.get(controllerKey);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.of(new int[] {e.adds, e.deletes});
    }
  }

  private boolean expired(Expectation e) {
    return Duration.between(e.setAt, clock.instant()).compareTo(TIMEOUT) > 0;
  }
}
