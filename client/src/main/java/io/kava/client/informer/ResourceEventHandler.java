package io.kava.client.informer;

/**
 * Notified by a {@link SharedInformer} after its cache changed. In the controller shape handlers only
 * enqueue keys: they run on the informer's single dispatch thread and must return quickly.
 */
public interface ResourceEventHandler<T> {
  default void onAdd(T object) {}

  /** Also called with old == current on a periodic resync. */
  default void onUpdate(T oldObject, T newObject) {}

  /** The last state the cache knew of; after a relist this may be older than the real final state. */
  default void onDelete(T object) {}
}
