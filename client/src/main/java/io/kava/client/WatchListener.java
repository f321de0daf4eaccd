package io.kava.client;

/** Receives the events of one watch stream, in order, on one thread. */
public interface WatchListener<T> {
  void onEvent(WatchEvent<T> event);

  /**
   * True for a listener that only hands each event on (the informer's queue) and never blocks: its
   * events are then decoded and delivered on the connection's own transport thread, with no hand-off to
   * an executor per event (a thousand watches of one process, as hollow kubelets, cost far less so).
   * False (the default) delivers them on an executor thread, where a listener may take its time.
   */
  default boolean neverBlocks() {
    return false;
  }

  /** The stream ended: error is null when closed by the caller, an ApiException otherwise (isExpired: relist). */
  void onClose(ApiException error);
}
