package io.kava.controllermanager.serviceaccount;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's serviceaccount controller: every Active namespace has the ServiceAccount {@code default}
 * (the ServiceAccount admission gives it to pods that name none), and a deleted one is made again. The
 * key is the namespace name; namespace adds and updates and ServiceAccount deletions enqueue it.
 */
public final class ServiceAccountsController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(ServiceAccountsController.class);
  public static final String NAME = "serviceaccount";
  /** Upstream's serviceAccountsToEnsure. */
  static final List<String> ENSURED = List.of("default");

  private final ResourceClient<ServiceAccount> accountClient;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Namespace> namespaces;
  private Lister<ServiceAccount> accounts;

  public ServiceAccountsController(KavaClient client) {
    this.accountClient = client.resource(ServiceAccount.class);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var nsInformer = informers.informer(Namespace.class);
    var saInformer = informers.informer(ServiceAccount.class);
    namespaces = nsInformer.lister();
    accounts = saInformer.lister();
    nsInformer.addEventHandler(NamespaceWrites.enqueueActive(queue));
    saInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onDelete(ServiceAccount sa) {
        queue.add(sa.getMetadata().getNamespace());
      }
    });
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }

  /** Creates the ensured ServiceAccounts the namespace lacks; throws to be retried. */
  public void sync(String namespace) {
    var ns = namespaces.get("", namespace);
    if (ns.isEmpty() || !NamespaceWrites.active(ns.get())) {
      return;
    }
    for (String name : ENSURED) {
      if (accounts.get(namespace, name).isPresent()) {
        continue;
      }
      try {
        accountClient.create(ServiceAccount.newBuilder().setApiVersion("v1").setKind("ServiceAccount")
            .setMetadata(ObjectMeta.newBuilder().setName(name).setNamespace(namespace)).build());
        log.info("Created ServiceAccount {}/{}", namespace, name);
      } catch (ApiException e) {
        if (!e.isAlreadyExists() && !NamespaceWrites.namespaceGone(e)) {
          throw e;
        }
      }
    }
  }

  WorkQueue queue() {
    return queue;
  }
}
