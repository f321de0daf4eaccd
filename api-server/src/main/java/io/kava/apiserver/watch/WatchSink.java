package io.kava.apiserver.watch;

import io.kava.api.v1.WatchEvent;

/** Where a watcher's events go (a gRPC stream). Calls are serialized by the watcher. */
public interface WatchSink {
  /** True while the receiver can take another event without buffering. */
  boolean isReady();

  void send(WatchEvent event);

  /** Ends the stream with an error (an ApiError). */
  void fail(RuntimeException error);
}
