package io.kava.controllermanager;

import io.kava.client.informer.InformerFactory;

/**
 * One controller of the manager (ReplicaSet, Deployment, garbage collector, ...). It registers its
 * informer handlers in {@link #register} before informers start, then runs its workers in {@link #run}
 * once the caches have synced, as upstream's controller manager does.
 */
public interface Controller {
  String name();

  /** Obtain informers from the factory and add event handlers that only enqueue keys. */
  void register(InformerFactory informers);

  /** Start workers (non-blocking). Called once, after every informer has synced. */
  void run(int workers);

  /** Stop workers (shut the queue down). */
  void stop();
}
