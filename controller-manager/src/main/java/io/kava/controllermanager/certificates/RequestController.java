package io.kava.controllermanager.certificates;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.informer.EnqueueKeys;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;

/** What the CSR controllers share: every request's name is queued, and a worker syncs it from the cache. */
abstract class RequestController implements Controller {
  private final WorkQueue queue = new WorkQueue(name());
  private Lister<CertificateSigningRequest> lister;

  @Override
  public void register(InformerFactory informers) {
    var informer = informers.informer(CertificateSigningRequest.class);
    lister = informer.lister();
    informer.addEventHandler(new EnqueueKeys<>(queue::add));
  }

  @Override
  public void run(int workers) {
    Workers.start(name(), queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }

  public void sync(String key) {
    lister.get(key).ifPresent(this::sync);
  }

  /** One request as cached; throw to retry it later. */
  abstract void sync(CertificateSigningRequest csr);
}
