package io.kava.client.informer;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import java.util.function.Consumer;

/**
 * The plainest handler of the controller shape: every add, update and delete enqueues the object's own
 * "namespace/name" key. For a controller whose key is the object itself (a Service for its endpoints).
 */
public final class EnqueueKeys<T extends Message> implements ResourceEventHandler<T> {
  private final Consumer<String> enqueue;

  public EnqueueKeys(Consumer<String> enqueue) {
    this.enqueue = enqueue;
  }

  @Override
  public void onAdd(T object) {
    enqueue.accept(ApiObjects.key(object));
  }

  @Override
  public void onUpdate(T oldObject, T newObject) {
    enqueue.accept(ApiObjects.key(newObject));
  }

  @Override
  public void onDelete(T object) {
    enqueue.accept(ApiObjects.key(object));
  }
}
