package io.kava.apiserver.watch;

import com.google.protobuf.Message;
import java.util.List;

/**
 * An index kept inside the server from one watch cache (the Node authorizer's graph of pods), told of
 * every change under the cache's lock, before any client watch is offered it: a client that saw an event
 * finds the index already updated. Implementations must be quick and must not call back into the cache.
 */
public interface CacheListener {
  /** The cache (re)loaded its objects: these are all of them now, whatever was told before. */
  void replaced(List<Message> objects);

  /** One change, in revision order: previous is null when the object was added, current null when deleted. */
  void changed(Message previous, Message current);
}
