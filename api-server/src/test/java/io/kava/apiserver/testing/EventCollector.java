package io.kava.apiserver.testing;

import static org.awaitility.Awaitility.await;

import io.kava.client.ApiException;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A watch listener that records events (bookmarks apart) and how the stream closed, for assertions. */
public final class EventCollector<T> implements WatchListener<T> {
  private final List<WatchEvent<T>> events = new CopyOnWriteArrayList<>();
  private final List<WatchEvent<T>> bookmarks = new CopyOnWriteArrayList<>();
  private final AtomicReference<ApiException> closedWith = new AtomicReference<>();
  private volatile boolean closed;

  @Override
  public void onEvent(WatchEvent<T> event) {
    if (event.type() == WatchEvent.Type.BOOKMARK) {
      bookmarks.add(event);
    } else {
      events.add(event);
    }
  }

  @Override
  public void onClose(ApiException error) {
    closedWith.set(error);
    closed = true;
  }

  public List<WatchEvent<T>> events() {
    return new ArrayList<>(events);
  }

  public List<WatchEvent<T>> bookmarks() {
    return new ArrayList<>(bookmarks);
  }

  /** Waits until at least n events arrived and answers the first n... and any extra. */
  public List<WatchEvent<T>> awaitEvents(int n, Duration timeout) {
    await().atMost(timeout).until(() -> events.size() >= n || closed);
    return events();
  }

  public ApiException awaitClose(Duration timeout) {
    await().atMost(timeout).until(() -> closed);
    return closedWith.get();
  }

  public boolean isClosed() {
    return closed;
  }

  public String lastResourceVersion() {
    List<WatchEvent<T>> all = new ArrayList<>(events);
    all.addAll(bookmarks);
    return all.stream().map(WatchEvent::resourceVersion).max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).orElse(null);
  }
}
