package io.kava.kubelet.backoff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential backoff with upstream's semantics (k8s.io/client-go/util/flowcontrol.Backoff):
 * the delay starts at {@code initial} and doubles on every {@link #next} up to {@code max}; an entry
 * whose last update is more than 2*max old is forgotten, so a container that ran for 10 minutes (with
 * upstream's 5-minute max) starts again at the initial delay.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final Clock clock;
  private final Map<String, Entry> entries = new HashMap<>();

  private static final class Entry {
    Duration delay;
    Instant lastUpdate;
  }

  public Backoff(Duration initial, Duration max, Clock clock) {
    this.initial = initial;
    this.max = max;
    this.clock = clock;
  }

  /** Upstream's container restart backoff: 10 s doubling to 300 s, times scale (tests use 0.1). */
  public static Backoff crashLoop(double scale, Clock clock) {
    return new Backoff(scaled(Duration.ofSeconds(10), scale), scaled(Duration.ofSeconds(300), scale), clock);
  }

  /** Upstream's image pull backoff has the same shape as the restart backoff. */
  public static Backoff imagePull(double scale, Clock clock) {
    return crashLoop(scale, clock);
  }

  public static Duration scaled(Duration d, double scale) {
    return Duration.ofNanos(Math.max(1, Math.round(d.toNanos() * scale)));
  }

  /** Whether an event (a container's exit) at eventTime is still inside the key's backoff window. */
  public synchronized boolean isInBackOffSince(String key, Instant eventTime) {
    Entry e = entries.get(key);
    if (e == null || expired(eventTime, e)) {
      return false;
    }
    return Duration.between(eventTime, clock.instant()).compareTo(e.delay) < 0;
  }

  /** Whether the key's last {@link #next} was less than its delay ago (used for image pulls). */
  public synchronized boolean isInBackOffSinceUpdate(String key) {
    Entry e = entries.get(key);
    if (e == null || expired(clock.instant(), e)) {
      return false;
    }
    return Duration.between(e.lastUpdate, clock.instant()).compareTo(e.delay) < 0;
  }

  /** Records another failure at eventTime: the first (or first after expiry) sets initial, later ones double. */
  public synchronized void next(String key, Instant eventTime) {
    Entry e = entries.get(key);
    if (e == null || expired(eventTime, e)) {
      e = new Entry();
      e.delay = initial;
      entries.put(key, e);
    } else {
      Duration doubled = e.delay.multipliedBy(2);
      e.delay = doubled.compareTo(max) > 0 ? max : doubled;
    }
    e.lastUpdate = clock.instant();
  }

  /** The key's current delay, zero when it has none. */
  public synchronized Duration delay(String key) {
    Entry e = entries.get(key);
    return e == null ? Duration.ZERO : e.delay;
  }

  /** How long from now until an event at eventTime leaves the backoff window (zero if it has). */
  public synchronized Duration remaining(String key, Instant eventTime) {
    Entry e = entries.get(key);
    if (e == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), eventTime.plus(e.delay));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** How long from now until the key's last update leaves the backoff window. */
  public synchronized Duration remainingSinceUpdate(String key) {
    Entry e = entries.get(key);
    return e == null ? Duration.ZERO : remaining(key, e.lastUpdate);
  }

  public synchronized void reset(String key) {
    entries.remove(key);
  }

  /** Forgets every key starting with the prefix (a pod's containers when the pod goes away). */
  public synchronized void resetPrefix(String prefix) {
    entries.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private boolean expired(Instant eventTime, Entry e) {
    return Duration.between(e.lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
  }
}
