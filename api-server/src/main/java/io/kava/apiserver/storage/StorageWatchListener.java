package io.kava.apiserver.storage;

import java.util.List;

/** Receives one storage watch stream. Calls never overlap. */
public interface StorageWatchListener {
  /** Changes, in revision order. */
  void onEvents(List<StorageEvent> events);

  /** The start revision is no longer in history; the stream is over. */
  void onCompacted(long compactRevision);

  /** The stream broke (store unreachable, ...); it is over. */
  void onError(Throwable error);
}
