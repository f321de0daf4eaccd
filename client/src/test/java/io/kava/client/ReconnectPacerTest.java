package io.kava.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ReconnectPacer: a channel without a server is redialled at the pace, and left alone once it connects. */
class ReconnectPacerTest {
  /** A channel whose state the test sets; it counts the backoff resets the pacer asks for. */
  private static final class StateChannel extends ManagedChannel {
    private ConnectivityState state = ConnectivityState.IDLE;
    private final List<Runnable> listeners = new ArrayList<>();
    final AtomicInteger resets = new AtomicInteger();

    synchronized void become(ConnectivityState next) {
      state = next;
      List<Runnable> fire = new ArrayList<>(listeners);
      listeners.clear();
      fire.forEach(Runnable::run);
    }

    synchronized int listenerCount() {
      return listeners.size();
    }

    @Override
    public synchronized ConnectivityState getState(boolean requestConnection) {
      return state;
    }

    @Override
    public synchronized void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
      if (source != state) {
        callback.run();
      } else {
        listeners.add(callback);
      }
    }

    @Override
    public void resetConnectBackoff() {
      resets.incrementAndGet();
    }

    @Override
    public ManagedChannel shutdown() {
      become(ConnectivityState.SHUTDOWN);
      return this;
    }

    @Override
    public boolean isShutdown() {
      return getState(false) == ConnectivityState.SHUTDOWN;
    }

    @Override
    public boolean isTerminated() {
      return isShutdown();
    }

    @Override
    public ManagedChannel shutdownNow() {
      return shutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String authority() {
      return "test";
    }
  }

  @Test
  void aChannelInTransientFailureIsRedialledAgainAndAgainUntilItConnects() {
    StateChannel channel = new StateChannel();
    ReconnectPacer.pace(channel, Duration.ofMillis(20));
    channel.become(ConnectivityState.CONNECTING);
    assertThat(channel.resets).hasValue(0);

    // pick_first may stay in TRANSIENT_FAILURE through its attempts: the pacer keeps redialling all the same.
    channel.become(ConnectivityState.TRANSIENT_FAILURE);
    await().atMost(Duration.ofSeconds(10)).until(() -> channel.resets.get() >= 3);

    channel.become(ConnectivityState.READY);
    int atReady = channel.resets.get();
    // Ten paces with the channel up: at most the one redial already under way when it connected.
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
        .until(() -> channel.resets.get() <= atReady + 1);

    // Down again: paced again.
    channel.become(ConnectivityState.TRANSIENT_FAILURE);
    await().atMost(Duration.ofSeconds(10)).until(() -> channel.resets.get() >= atReady + 2);
  }

  @Test
  void aShutDownChannelIsLeftAlone() {
    StateChannel channel = new StateChannel();
    ReconnectPacer.pace(channel, Duration.ofMillis(20));
    channel.shutdown();
    // No listener left on a shut-down channel, so nothing schedules a redial ever again.
    assertThat(channel.listenerCount()).isZero();
    assertThat(channel.resets).hasValue(0);
  }
}
