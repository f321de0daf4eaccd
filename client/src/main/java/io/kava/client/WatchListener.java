package io.kava.client;

/** Receives the events of one watch stream, in order, on one thread. */
public interface WatchListener<T> {
  void onEvent(WatchEvent<T> event);

  /** The stream ended: error is null when closed by the caller, an ApiException otherwise (isExpired: relist). */
  void onClose(ApiException error);
}
