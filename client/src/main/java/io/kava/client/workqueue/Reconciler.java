package io.kava.client.workqueue;

/**
 * One controller's sync function: given a "namespace/name" key, read the latest object from a lister,
 * compute the desired state, compare with the observed state and write the difference. Throwing
 * retries the key with backoff; returning normally forgets its failures. Must be idempotent.
 */
@FunctionalInterface
public interface Reconciler {
  void reconcile(String key) throws Exception;
}
