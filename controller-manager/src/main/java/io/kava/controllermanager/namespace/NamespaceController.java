package io.kava.controllermanager.namespace;

import io.kava.api.core.v1.Namespace;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.time.Duration;

/**
 * Finishes namespace deletion (upstream pkg/controller/namespace): a namespace being deleted has its
 * contents deleted, and once nothing is left its "kubernetes" finalizer is removed so the API server
 * lets it go. Handlers only enqueue the namespace name; {@link NamespaceContentDeleter} does the work.
 */
public final class NamespaceController implements Controller {
  public static final String NAME = "namespace";
  /** How soon a namespace whose contents are still going away is looked at again. */
  static final Duration RECHECK = Duration.ofSeconds(2);

  private final WorkQueue queue = new WorkQueue(NAME);
  private final NamespaceContentDeleter deleter;
  private Lister<Namespace> namespaces;

  public NamespaceController(KavaClient client) {
    this.deleter = new NamespaceContentDeleter(client);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var informer = informers.informer(Namespace.class);
    namespaces = informer.lister();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        enqueueIfTerminating(ns);
      }

      @Override
      public void onUpdate(Namespace old, Namespace ns) {
        enqueueIfTerminating(ns);
      }
    });
  }

  private void enqueueIfTerminating(Namespace ns) {
    if (!ns.getMetadata().getDeletionTimestamp().isEmpty()) {
      queue.add(ns.getMetadata().getName());
    }
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, 1, this::sync);
  }

  /** Deletes what is left; requeues itself while objects are still on their way out. */
  void sync(String name) {
    namespaces.get(name).ifPresent(ns -> {
      if (ns.getMetadata().getDeletionTimestamp().isEmpty()) {
        return;
      }
      if (!deleter.finalize(ns)) {
        queue.addAfter(name, RECHECK);
      }
    });
  }

  @Override
  public void stop() {
    queue.shutDown();
  }
}
