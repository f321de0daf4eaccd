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

  /**
   * A relist found an object at a lower resourceVersion than the cache held, or the store at a lower
   * revision than the informer had seen: etcd was restored from a snapshot or lost its data. The cache
   * has been replaced already (deletes, adds and updates delivered). A handler that remembers revisions
   * of its own writes ("wait until the cache shows revision N") must forget them: they belong to a
   * history the store no longer has, and the cache would never reach them.
   */
  default void onRevisionWentBack() {}

  /**
   * The watch expired (the store's history was compacted past it, as an etcd restore does) and the informer
   * relists next; called before the relist's differences are delivered. Objects deleted meanwhile may be back
   * with their old uids (a restore brings them back): a handler that remembers "this uid is gone" must forget it.
   */
  default void onWatchExpired() {}
}
