package io.kava.controllermanager.clientbuilder;

import io.kava.client.KavaClient;

/**
 * Upstream's ControllerClientBuilder: the client each controller talks to the API server with, by the
 * name of its ServiceAccount (replicaset-controller, generic-garbage-collector, ...). Shared informers do
 * not use it: they read with the controller manager's own identity, as upstream's do.
 */
public interface ControllerClients extends AutoCloseable {
  KavaClient client(String serviceAccount);

  @Override
  default void close() {}

  /** Every controller on the manager's own client and identity (--use-service-account-credentials=false). */
  static ControllerClients shared(KavaClient client) {
    return serviceAccount -> client;
  }
}
