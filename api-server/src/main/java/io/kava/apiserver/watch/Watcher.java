package io.kava.apiserver.watch;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.kava.api.v1.WatchEvent;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.Codec;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's watch: filters the cache's events through its selectors, queues them (bounded) and
 * drains the queue into the stream as fast as the client takes them. A client too slow to keep its
 * queue under the bound is cut off with an error and re-watches from its last revision.
 */
public final class Watcher {
  private final Kind kind;
  private final WatchFilter filter;
  private final boolean bookmarks;
  private final int maxQueued;
  private final WatchSink sink;
  private final Executor executor;
  private final Runnable onClose;

  private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** The revision up to which this watcher has considered every event (guarded by the cache's lock). */
  private final RevisionPosition position;
  /** The revision of the last event or bookmark queued for the client (guarded by the cache's lock). */
  private long sentPosition;
  private int allowance;
  private RuntimeException failure;
  private boolean finished;

  Watcher(Kind kind, WatchFilter filter, boolean bookmarks, int maxQueued, long position, WatchSink sink,
      Executor executor, Runnable onClose) {
    this.kind = kind;
    this.filter = filter;
    this.bookmarks = bookmarks;
    this.maxQueued = maxQueued;
    this.position = new RevisionPosition(position);
    this.sentPosition = position;
    this.sink = sink;
    this.executor = executor;
    this.onClose = onClose;
  }

  long position() {
    return position.revision();
  }

  /** Queues the initial events of the watch; they do not count against the bound. */
  synchronized void enqueueInitial(WatchEvent event) {
    queue.add(event);
    allowance++;
  }

  /**
   * A watch from the current state tells the client only its objects' own revisions, not the revision
   * the state was read at: the first bookmark may carry that one (else an idle resource whose latest
   * change the selector filtered out would never get a bookmark). Called before any event is offered.
   */
  void clientKnowsOnlyUpTo(long revision) {
    sentPosition = Math.min(sentPosition, revision);
  }

  /** Considers one cache event (called under the cache lock, in revision order). */
  void offer(CacheEvent event) {
    if (!position.advance(event.revision(), event.key())) {
      return;
    }
    WatchEvent out = transform(event);
    if (out != null) {
      sentPosition = event.revision();
      push(out);
    }
  }

  void bookmark(long revision) {
    // Only forward: never behind an event considered, never repeating what the client already has.
    if (!bookmarks || revision < position.revision() || revision <= sentPosition) {
      return;
    }
    position.completeAt(revision);
    sentPosition = revision;
    Message empty = Codec.withRevision(kind.newBuilder().build(), revision);
    push(WatchEvent.newBuilder().setType("BOOKMARK").setObject(Any.pack(empty))
        .setResourceVersion(Long.toString(revision)).build());
  }

  private void push(WatchEvent event) {
    synchronized (this) {
      if (finished || failure != null) {
        return;
      }
      if (queue.isEmpty() && sink.isReady()) {
        // The common case, a client that keeps up: sent at once (gRPC only queues it for the transport),
        // with no drain task per watcher and event.
        sink.send(event);
        return;
      }
      if (queue.size() >= maxQueued + allowance) {
        failure = ApiError.tooManyRequests("the watch of " + kind.resource()
            + " fell behind by more than " + maxQueued + " events and was closed; watch again from the last revision received");
        queue.clear();
      } else {
        queue.add(event);
      }
    }
    signal();
  }

  /** Ends the watch with an error (an expired cache restart, a shutdown). */
  void fail(RuntimeException error) {
    synchronized (this) {
      if (finished || failure != null) {
        return;
      }
      failure = error;
      queue.clear();
    }
    signal();
  }

  /** The client went away: stop without sending anything more. */
  public void cancel() {
    synchronized (this) {
      finished = true;
      queue.clear();
    }
    onClose.run();
  }

  /** Schedules a drain; called on new events and when the stream becomes ready again. */
  public void signal() {
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    scheduled.set(false);
    synchronized (this) {
      if (finished) {
        return;
      }
      while (!queue.isEmpty() && sink.isReady()) {
        WatchEvent e = queue.poll();
        if (allowance > 0) {
          allowance--;
        }
        sink.send(e);
      }
      if (failure != null && queue.isEmpty()) {
        finished = true;
        sink.fail(failure);
      }
    }
    if (finishedByFailure()) {
      onClose.run();
    }
  }

  private synchronized boolean finishedByFailure() {
    return finished && failure != null;
  }

  /** Upstream's cacher filtering: moving into the selection is ADDED, moving out of it DELETED. */
  private WatchEvent transform(CacheEvent e) {
    boolean now = e.type() != CacheEvent.Type.DELETED && filter.matches(e.object());
    boolean before = e.previous() != null && filter.matches(e.previous());
    return switch (e.type()) {
      case ADDED -> now ? e.asIs() : null;
      case MODIFIED -> {
        if (now && before) {
          yield e.asIs();
        } else if (now) {
          yield packed("ADDED", e.packedObject(), e.revision());
        } else if (before) {
          yield packed("DELETED", e.packedPreviousAtRevision(), e.revision());
        }
        yield null;
      }
      case DELETED -> before ? e.asIs() : null;
    };
  }

  private static WatchEvent packed(String type, Any object, long revision) {
    return WatchEvent.newBuilder().setType(type).setObject(object).setResourceVersion(Long.toString(revision)).build();
  }

  static WatchEvent packedEvent(String type, Any object, long revision) {
    return packed(type, object, revision);
  }

  static WatchEvent event(String type, Message object, long revision) {
    return WatchEvent.newBuilder().setType(type).setObject(ApiObjects.pack(object))
        .setResourceVersion(Long.toString(revision)).build();
  }

  boolean matches(Message object) {
    return filter.matches(object);
  }
}
