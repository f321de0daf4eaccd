package io.kava.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.v1.WatchEvent;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Codec;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A watcher's bounded queue and flow control, with a fake stream. */
class WatcherTest {
  private static final class FakeSink implements WatchSink {
    final AtomicBoolean ready = new AtomicBoolean();
    final List<WatchEvent> sent = new ArrayList<>();
    RuntimeException failure;

    @Override
    public boolean isReady() {
      return ready.get();
    }

    @Override
    public void send(WatchEvent event) {
      sent.add(event);
    }

    @Override
    public void fail(RuntimeException error) {
      failure = error;
    }
  }

  private static CacheEvent added(int revision) {
    var cm = Codec.withRevision(Fixtures.configMap("default", "c" + revision), revision);
    return new CacheEvent(CacheEvent.Type.ADDED, "k" + revision, cm, null, revision);
  }

  private static Watcher watcher(FakeSink sink, int maxQueued, AtomicBoolean closed) {
    return new Watcher(Kinds.CONFIG_MAP, new WatchFilter("", Selector.everything(), FieldSelector.everything()), true,
        maxQueued, 0, sink, Runnable::run, () -> closed.set(true));
  }

  @Test
  void eventsWaitWhileTheStreamIsNotReadyAndFlowWhenItIs() {
    FakeSink sink = new FakeSink();
    AtomicBoolean closed = new AtomicBoolean();
    Watcher w = watcher(sink, 10, closed);
    for (int i = 1; i <= 5; i++) {
      w.offer(added(i));
    }
    assertThat(sink.sent).isEmpty();
    sink.ready.set(true);
    w.signal();
    assertThat(sink.sent).extracting(WatchEvent::getResourceVersion).containsExactly("1", "2", "3", "4", "5");
    w.offer(added(5));
    assertThat(sink.sent).as("a revision already considered is not sent twice").hasSize(5);
    assertThat(closed).isFalse();
  }

  @Test
  void aStreamThatKeepsUpGetsEachEventAtOnceWithNoDrainTask() {
    FakeSink sink = new FakeSink();
    sink.ready.set(true);
    List<Runnable> tasks = new ArrayList<>();
    Watcher w = new Watcher(Kinds.CONFIG_MAP, new WatchFilter("", Selector.everything(), FieldSelector.everything()), true,
        10, 0, sink, tasks::add, () -> { });
    w.offer(added(1));
    w.offer(added(2));
    assertThat(sink.sent).extracting(WatchEvent::getResourceVersion).containsExactly("1", "2");
    assertThat(tasks).isEmpty();

    // Once the stream is not ready, events queue behind and leave in order when it is again.
    sink.ready.set(false);
    w.offer(added(3));
    sink.ready.set(true);
    w.offer(added(4));
    assertThat(sink.sent).hasSize(2);
    tasks.forEach(Runnable::run);
    assertThat(sink.sent).extracting(WatchEvent::getResourceVersion).containsExactly("1", "2", "3", "4");
  }

  @Test
  void aClientThatFallsTooFarBehindIsCutOff() {
    FakeSink sink = new FakeSink();
    AtomicBoolean closed = new AtomicBoolean();
    Watcher w = watcher(sink, 3, closed);
    for (int i = 1; i <= 4; i++) {
      w.offer(added(i));
    }
    // Cut off at once, even while the stream is not ready: an error needs no flow-control credit.
    assertThat(sink.failure).isInstanceOf(ApiError.class);
    assertThat(((ApiError) sink.failure).reason()).isEqualTo("TooManyRequests");
    assertThat(sink.sent).as("the overflowed queue is dropped, not half-sent").isEmpty();
    assertThat(closed).isTrue();
  }

  @Test
  void bookmarksOnlyMoveForward() {
    FakeSink sink = new FakeSink();
    sink.ready.set(true);
    Watcher w = watcher(sink, 10, new AtomicBoolean());
    w.offer(added(5));
    w.bookmark(5);
    w.bookmark(7);
    w.bookmark(6);
    assertThat(sink.sent).extracting(e -> e.getType() + " " + e.getResourceVersion()).containsExactly("ADDED 5", "BOOKMARK 7");
  }

  /** Regression: ApiServerIT.bookmarksCarryTheRevisionOfChangesTheClientsSelectorFilteredOut failed once in CI. */
  @Test
  void aWatchFromTheCurrentStateGetsABookmarkAtTheRevisionItWasReadAtWithoutAnyLaterChange() {
    FakeSink sink = new FakeSink();
    sink.ready.set(true);
    Watcher w = new Watcher(Kinds.CONFIG_MAP, new WatchFilter("", Selector.everything(), FieldSelector.everything()), true,
        10, 9, sink, Runnable::run, () -> {});
    // Read at revision 9, where the newest object the selector shows was written at 4.
    w.enqueueInitial(Watcher.event("ADDED", Codec.withRevision(Fixtures.configMap("default", "c4"), 4), 4));
    w.clientKnowsOnlyUpTo(4);
    w.bookmark(9);
    w.bookmark(9);
    assertThat(sink.sent).extracting(e -> e.getType() + " " + e.getResourceVersion()).containsExactly("ADDED 4", "BOOKMARK 9");
  }
}
