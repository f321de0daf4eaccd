package io.kava.kubectl.wait;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.ListOptions;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.ObjectTrees;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * `kavactl wait`: for each object, reads it and, until it meets the condition or its timeout passes,
 * watches it (a watch on its name from the revision read) and looks again at each change. Prints
 * "pod/x condition met" per object; a timeout is "timed out waiting for the condition on pods/x", exit 1.
 * Each object has the whole timeout, as kubectl's; zero looks once.
 */
public final class Waiter {
  private final Session session;

  public Waiter(Session session) {
    this.session = session;
  }

  /** What to wait on: named objects, or all (or a selection) of a kind. */
  public record Request(List<Target> targets, String labelSelector, boolean all, boolean allNamespaces,
      WaitCondition condition, Duration timeout) {}

  public int await(Request request) {
    List<Named> objects = resolve(request);
    if (objects.isEmpty()) {
      throw CliException.error("no matching resources found");
    }
    int exit = 0;
    for (Named o : objects) {
      try {
        if (waitFor(o, request.condition(), request.timeout())) {
          session.out().println(ObjectNames.slashed(o.kind(), o.name()) + " condition met");
        } else {
          session.err().println("error: timed out waiting for the condition on " + o.kind().resource() + "/" + o.name());
          exit = 1;
        }
      } catch (ApiException e) {
        session.err().println(session.describe(e, o.kind(), o.name()));
        exit = 1;
      }
      session.out().flush();
    }
    return exit;
  }

  private record Named(Kind kind, String namespace, String name) {}

  private List<Named> resolve(Request request) {
    List<Named> objects = new ArrayList<>();
    for (Target t : request.targets()) {
      String namespace = t.kind().namespaced() && !request.allNamespaces() ? session.namespace() : "";
      if (!t.names().isEmpty()) {
        t.names().forEach(n -> objects.add(new Named(t.kind(), namespace, n)));
        continue;
      }
      if (!request.all() && request.labelSelector().isEmpty()) {
        throw CliException.error("resource(s) were provided, but no name was specified");
      }
      for (Message m : session.resource(t.kind()).list(new ListOptions(namespace, request.labelSelector(), "")).items()) {
        objects.add(new Named(t.kind(), ApiObjects.meta(m).getNamespace(), ApiObjects.meta(m).getName()));
      }
    }
    return objects;
  }

  private boolean waitFor(Named o, WaitCondition condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Message current;
      try {
        current = session.resource(o.kind()).get(o.namespace(), o.name());
      } catch (ApiException e) {
        if (e.isNotFound() && condition instanceof WaitCondition.Delete) {
          return true;
        }
        throw e;
      }
      if (!(condition instanceof WaitCondition.Delete) && condition.metBy(ObjectTrees.of(current))) {
        return true;
      }
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        return false;
      }
      nextChange(o, ApiObjects.meta(current).getResourceVersion(), left);
    }
  }

  /** Returns after the object's next change, or when {@code within} has passed. */
  private void nextChange(Named o, String resourceVersion, Duration within) {
    BlockingQueue<Boolean> changed = new LinkedBlockingQueue<>();
    ListOptions byName = new ListOptions(o.namespace(), "", "metadata.name=" + o.name());
    Watch watch = session.resource(o.kind()).watch(byName, resourceVersion, new WatchListener<>() {
      @Override
      public void onEvent(WatchEvent<Message> event) {
        if (event.type() != WatchEvent.Type.BOOKMARK) {
          changed.add(true);
        }
      }

      @Override
      public void onClose(ApiException error) {
        changed.add(false);
      }
    });
    try {
      changed.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watch.close();
    }
  }
}
