package io.kava.kubectl.rollout;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.client.Kinds;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * `rollout status`: watches one Deployment, StatefulSet or DaemonSet and prints {@link RolloutStatus}'s line whenever it changes,
 * until the rollout is done, fails, or the timeout (zero: none) passes. Without --watch it prints once.
 */
public final class RolloutWaiter {
  /** The kinds `rollout status` can follow. */
  public static final Set<Kind> VIEWABLE = Set.of(Kinds.DEPLOYMENT, Kinds.STATEFUL_SET, Kinds.DAEMON_SET);

  private final Session session;

  public RolloutWaiter(Session session) {
    this.session = session;
  }

  /** Returns normally once rolled out; a failure is thrown as kubectl words it. */
  public void await(String name, long revision, boolean watch, Duration timeout) {
    await(Kinds.DEPLOYMENT, name, revision, watch, timeout);
  }

  /** As {@link #await(String, long, boolean, Duration)} for any of {@link #VIEWABLE}. */
  public void await(Kind kind, String name, long revision, boolean watch, Duration timeout) {
    String namespace = session.namespace();
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    Watch stream = session.resource(kind).watch(new ListOptions(namespace, "", "metadata.name=" + name), "",
        new WatchListener<>() {
          @Override
          public void onEvent(WatchEvent<com.google.protobuf.Message> event) {
            events.add(event);
          }

          @Override
          public void onClose(ApiException error) {
            events.add(error != null ? error : new Object());
          }
        });
    long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    try {
      Message first = io.kava.kubectl.resource.ObjectUpdates.get(session, kind, namespace, name);
      String last = print(RolloutStatus.of(first, revision), null);
      if (last == null || !watch) {
        return;
      }
      while (true) {
        long left = deadline - System.nanoTime();
        Object next = left <= 0 ? null : events.poll(Math.min(left, TimeUnit.DAYS.toNanos(1)), TimeUnit.NANOSECONDS);
        if (next == null) {
          throw CliException.error("timed out waiting for the condition");
        }
        if (next instanceof ApiException e) {
          throw new CliException(session.describe(e, kind, name));
        }
        if (!(next instanceof WatchEvent<?> event)) {
          throw CliException.error("watch of " + kind.kind().toLowerCase(java.util.Locale.ROOT) + " \"" + name
              + "\" closed before the rollout finished");
        }
        if (event.type() == WatchEvent.Type.DELETED) {
          throw CliException.error("object has been deleted");
        }
        if (!(event.object() instanceof Message object)) {
          continue;
        }
        if (!Kinds.of(object).equals(kind) || !ApiObjects.meta(object).getName().equals(name)) {
          continue;
        }
        last = print(RolloutStatus.of(object, revision), last);
        if (last == null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.error("interrupted");
    } finally {
      stream.close();
    }
  }

  /** Prints the line unless it repeats the last one; null once done. */
  private String print(RolloutStatus.Line line, String last) {
    if (!line.text().equals(last)) {
      session.out().println(line.text());
      session.out().flush();
    }
    return line.done() ? null : line.text();
  }
}
