package io.kava.controllermanager.serviceaccount;

import io.grpc.Status;
import io.kava.api.core.v1.Namespace;
import io.kava.client.ApiException;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;

/**
 * What both per-namespace controllers of this package (ServiceAccounts, root CA) need to know about a
 * namespace before writing into it, as upstream's: only an Active namespace gets objects, and a create
 * refused because the namespace started terminating meanwhile is not retried.
 */
final class NamespaceWrites {
  private NamespaceWrites() {}

  static boolean active(Namespace ns) {
    return ns.getMetadata().getDeletionTimestamp().isEmpty() && ns.getStatus().getPhase().equals("Active");
  }

  /** The namespace's name on every add, and on every update (resyncs included) while it is Active. */
  static ResourceEventHandler<Namespace> enqueueActive(WorkQueue queue) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        queue.add(ns.getMetadata().getName());
      }

      @Override
      public void onUpdate(Namespace old, Namespace ns) {
        if (active(ns)) {
          queue.add(ns.getMetadata().getName());
        }
      }
    };
  }

  /** Upstream matches the NamespaceTerminating cause; Kava's NamespaceLifecycle says it in the message. */
  static boolean refusedAsTerminating(ApiException e) {
    return e.code() == Status.Code.PERMISSION_DENIED && e.getMessage() != null
        && e.getMessage().contains("because it is being terminated");
  }

  /** A create that needs no retry: the namespace is gone or going. */
  static boolean namespaceGone(ApiException e) {
    return e.isNotFound() || refusedAsTerminating(e);
  }
}
