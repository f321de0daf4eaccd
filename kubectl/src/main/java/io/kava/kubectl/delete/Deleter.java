package io.kava.kubectl.delete;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** `kavactl delete`: by kind and name, every object of a kind (--all, -l), or the objects of manifests. */
public final class Deleter {
  private final Session session;
  private final DeleteFlags flags;

  public Deleter(Session session, DeleteFlags flags) {
    this.session = session;
    this.flags = flags;
  }

  public int deleteNamed(List<Target> targets) {
    int exit = 0;
    for (Target t : targets) {
      for (String name : t.names()) {
        exit |= delete(t.kind(), namespace(t.kind()), name);
      }
    }
    return exit;
  }

  /** Every object of each kind in the namespace (matching the label selector, if any). */
  public int deleteAll(List<Target> targets, String labelSelector, boolean allNamespaces) {
    int exit = 0;
    boolean any = false;
    for (Target t : targets) {
      String ns = t.kind().namespaced() && !allNamespaces ? session.namespace() : "";
      List<Message> items = session.resource(t.kind()).list(new ListOptions(ns, labelSelector == null ? "" : labelSelector, ""))
          .items();
      for (Message m : items) {
        any = true;
        exit |= delete(t.kind(), ApiObjects.meta(m).getNamespace(), ApiObjects.meta(m).getName());
      }
    }
    if (!any) {
      session.err().println("No resources found");
    }
    return exit;
  }

  public int deleteObjects(List<Message> objects) {
    int exit = 0;
    for (Message m : objects) {
      exit |= delete(Kinds.of(m), ApiObjects.meta(m).getNamespace(), ApiObjects.meta(m).getName());
    }
    return exit;
  }

  private int delete(Kind kind, String namespace, String name) {
    try {
      Message last = session.resource(kind).delete(namespace, name, flags.toOptions());
      session.out().println(ObjectNames.quoted(kind, name) + (flags.forced() ? " force deleted" : " deleted"));
      if (flags.waitForDeletion()) {
        pending.add(new Gone(kind, namespace, name, ApiObjects.meta(last).getUid()));
      }
      return 0;
    } catch (ApiException e) {
      if (e.isNotFound() && flags.ignoreNotFound()) {
        return 0;
      }
      session.err().println(session.describe(e, kind, name));
      return 1;
    }
  }

  /** An object deleted here that --wait waits for: gone, or replaced by one with another uid. */
  private record Gone(Kind kind, String namespace, String name, String uid) {}

  private final List<Gone> pending = new ArrayList<>();

  /**
   * --wait: returns once every object deleted so far is gone (finalizers done, pods stopped by their
   * kubelet), printing nothing; exit 1 with upstream's line when the timeout passes first.
   */
  public int awaitDeletions() {
    Instant deadline = Instant.now().plus(flags.waitTimeout());
    for (Gone g : pending) {
      while (exists(g)) {
        if (Instant.now().isAfter(deadline)) {
          session.err().println("error: timed out waiting for the condition on " + g.kind().resource() + "/" + g.name());
          return 1;
        }
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 1;
        }
      }
    }
    pending.clear();
    return 0;
  }

  private static final Duration POLL = Duration.ofMillis(250);

  private boolean exists(Gone g) {
    try {
      Message m = session.resource(g.kind()).get(g.namespace(), g.name());
      return g.uid().isEmpty() || ApiObjects.meta(m).getUid().equals(g.uid());
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  private String namespace(Kind kind) {
    return kind.namespaced() ? session.namespace() : "";
  }
}
