package io.kava.client.events;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.EventSource;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ResourceClient;
import io.kava.client.Times;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events about objects (Scheduled, Pulled, BackOff, ...), as client-go's EventRecorder. Writes
 * happen on a background thread so callers never wait on the API server; a repeat of the same event
 * (same object, type, reason and message) bumps count and lastTimestamp of the existing Event instead of
 * creating a new one. Events are best effort: a failed write is dropped.
 */
public final class EventRecorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_REMEMBERED = 4096;

  private final ResourceClient<Event> events;
  private final EventSource source;
  private final ExecutorService writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new LinkedBlockingQueue<>(10_000), r -> {
        Thread t = new Thread(r, "event-recorder");
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.DiscardPolicy());
  private final Map<String, Event> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  public EventRecorder(ResourceClient<Event> events, String component, String host) {
    this.events = events;
    this.source = EventSource.newBuilder().setComponent(component).setHost(host == null ? "" : host).build();
  }

  public void normal(Message object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(Message object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  public void record(Message object, String type, String reason, String message) {
    ObjectReference ref = referenceTo(object);
    writer.execute(() -> write(ref, type, reason, message));
  }

  public static ObjectReference referenceTo(Message object) {
    Kind kind = Kinds.of(object);
    ObjectMeta meta = ApiObjects.meta(object);
    return ObjectReference.newBuilder().setKind(kind.kind()).setApiVersion(kind.apiVersion())
        .setNamespace(meta.getNamespace()).setName(meta.getName()).setUid(meta.getUid())
        .setResourceVersion(meta.getResourceVersion()).build();
  }

  private void write(ObjectReference ref, String type, String reason, String message) {
    String dedupKey = String.join("\u0000", ref.getUid(), ref.getName(), type, reason, message);
    String now = Times.now();
    Event previous = recent.get(dedupKey);
    try {
      Event saved;
      if (previous != null) {
        try {
          saved = events.update(previous.toBuilder().setCount(previous.getCount() + 1).setLastTimestamp(now)
              .setMetadata(previous.getMetadata().toBuilder().setResourceVersion(""))
              .build());
        } catch (ApiException e) {
          saved = events.create(newEvent(ref, type, reason, message, now));
        }
      } else {
        saved = events.create(newEvent(ref, type, reason, message, now));
      }
      recent.put(dedupKey, saved);
    } catch (ApiException e) {
      log.debug("Dropped event {} for {}/{}: {}", reason, ref.getNamespace(), ref.getName(), e.getMessage());
    }
  }

  private Event newEvent(ObjectReference ref, String type, String reason, String message, String now) {
    String namespace = ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
    String name = ref.getName() + "." + Long.toHexString(System.currentTimeMillis() * 1000 + (System.nanoTime() % 1000));
    return Event.newBuilder().setApiVersion("v1").setKind("Event")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .setInvolvedObject(ref).setType(type).setReason(reason).setMessage(message).setSource(source)
        .setFirstTimestamp(now).setLastTimestamp(now).setCount(1)
        .setReportingComponent(source.getComponent()).setReportingInstance(source.getHost())
        .build();
  }

  /** Waits briefly for queued events to be written (used on shutdown and in tests). */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
