package io.kava.client;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Redials a channel that lost its API servers every {@link #PACE} instead of after gRPC's connection
 * backoff, which grows to 2 minutes between attempts: a component would otherwise find a restarted API
 * server up to tens of seconds after it listened again. Upstream's HTTP clients dial afresh for every
 * request; this gives a long-lived channel the same reach, at one refused connect per pace while the
 * servers are down.
 */
final class ReconnectPacer {
  static final Duration PACE = Duration.ofSeconds(1);
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kava-reconnect-pacer");
    t.setDaemon(true);
    return t;
  });

  private final ManagedChannel channel;
  private final Duration pace;
  /** A redial is scheduled: pick_first may report TRANSIENT_FAILURE throughout its attempts, with no change to see. */
  private final AtomicBoolean scheduled = new AtomicBoolean();

  private ReconnectPacer(ManagedChannel channel, Duration pace) {
    this.channel = channel;
    this.pace = pace;
  }

  /** Follows CHANNEL's state until it shuts down, cutting every backoff to PACE. */
  static ManagedChannel pace(ManagedChannel channel, Duration pace) {
    new ReconnectPacer(channel, pace).follow(channel.getState(false));
    return channel;
  }

  private void follow(ConnectivityState seen) {
    if (seen == ConnectivityState.SHUTDOWN) {
      return;
    }
    if (seen == ConnectivityState.TRANSIENT_FAILURE) {
      schedule();
    }
    channel.notifyWhenStateChanged(seen, () -> follow(channel.getState(false)));
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      TIMER.schedule(this::redialWhileDown, pace.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void redialWhileDown() {
    scheduled.set(false);
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
      schedule();
    }
  }
}
