package io.kava.controllermanager.util;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of a controller that deletes objects of one kind once a time of their own has come
 * (upstream's ttlafterfinished and tokencleaner): the informer queues the objects that have such a
 * time, an object not yet due is looked at again when it will be, and the delete carries the object's
 * uid as precondition (background propagation: the garbage collector takes what it owned).
 */
public abstract class ExpiryDeleter<T extends Message> implements Controller {
  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final Class<T> type;
  private final Clock clock;
  private final WorkQueue queue;
  protected final ResourceClient<T> objects;
  private Lister<T> cache;

  protected ExpiryDeleter(String name, Class<T> type, KavaClient client, Clock clock) {
    this.name = name;
    this.type = type;
    this.clock = clock;
    this.queue = new WorkQueue(name);
    this.objects = client.resource(type);
  }

  /** Whether this object is to be deleted at a time of its own and is not being deleted already. */
  protected abstract boolean expires(T object);

  /** When it is due; only asked of objects that {@link #expires}. Instant.MIN: at once. */
  protected abstract Instant dueAt(T object);

  /**
   * The object to delete once the cached one is due; the cached one by default. A controller that must
   * not act on a lagging cache reads it live here (empty: it is gone).
   */
  protected Optional<T> confirm(T cached) {
    return Optional.of(cached);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void register(InformerFactory informers) {
    var informer = informers.informer(type);
    cache = informer.lister();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        enqueue(object);
      }

      @Override
      public void onUpdate(T old, T object) {
        enqueue(object);
      }
    });
  }

  private void enqueue(T object) {
    if (expires(object)) {
      queue.add(ApiObjects.key(object));
    }
  }

  @Override
  public final void run(int workers) {
    Workers.start(name, queue, workers, this::sync);
  }

  @Override
  public final void stop() {
    queue.shutDown();
  }

  /** One object by key: deleted when due, looked at again when it will be otherwise. */
  public final void sync(String key) {
    Optional<T> cached = cache.get(key).filter(this::expires);
    if (cached.isEmpty() || !due(key, cached.get())) {
      return;
    }
    Optional<T> confirmed = confirm(cached.get()).filter(this::expires);
    if (confirmed.isEmpty() || !due(key, confirmed.get())) {
      return;
    }
    var meta = ApiObjects.meta(confirmed.get());
    try {
      objects.delete(meta.getNamespace(), meta.getName(), new DeleteOptions(null, "Background", meta.getUid()));
      log.info("Deleted {} {}: its time had come", type.getSimpleName(), key);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  /** Whether the object's time has come; if not, looks again when it will have. */
  private boolean due(String key, T object) {
    Instant at = dueAt(object);
    Duration left = at.equals(Instant.MIN) ? Duration.ZERO : Duration.between(clock.instant(), at);
    if (left.isNegative() || left.isZero()) {
      return true;
    }
    queue.addAfter(key, left);
    return false;
  }
}
