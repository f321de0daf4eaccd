package io.kava.controllermanager.serviceaccount;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
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
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's root-ca-cert-publisher: every Active namespace has the ConfigMap {@code kube-root-ca.crt}
 * whose only key {@code ca.crt} is the cluster's CA bundle (--root-ca-file), so that pods (through the
 * projected kube-api-access volume) can verify the API server. An edited one is put back, a deleted one
 * made again. The key is the namespace name.
 */
public final class RootCaCertPublisher implements Controller {
  private static final Logger log = LoggerFactory.getLogger(RootCaCertPublisher.class);
  public static final String NAME = "root-ca-cert-publisher";
  public static final String CONFIG_MAP = "kube-root-ca.crt";
  public static final String KEY = "ca.crt";
  static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
  /** Upstream's text. */
  static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using"
      + " internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is"
      + " guaranteed across distributions of Kubernetes clusters.";

  private final ResourceClient<ConfigMap> configMapClient;
  private final String rootCa;
  private final WorkQueue queue = new WorkQueue(NAME);
  private Lister<Namespace> namespaces;
  private Lister<ConfigMap> configMaps;

  /** rootCa: the PEM text of the CA bundle, as read from --root-ca-file. */
  public RootCaCertPublisher(KavaClient client, String rootCa) {
    this.configMapClient = client.resource(ConfigMap.class);
    this.rootCa = rootCa;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var nsInformer = informers.informer(Namespace.class);
    var cmInformer = informers.informer(ConfigMap.class);
    namespaces = nsInformer.lister();
    configMaps = cmInformer.lister();
    nsInformer.addEventHandler(NamespaceWrites.enqueueActive(queue));
    cmInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onUpdate(ConfigMap old, ConfigMap cm) {
        enqueueIfOurs(cm);
      }

      @Override
      public void onDelete(ConfigMap cm) {
        enqueueIfOurs(cm);
      }
    });
  }

  private void enqueueIfOurs(ConfigMap cm) {
    if (cm.getMetadata().getName().equals(CONFIG_MAP)) {
      queue.add(cm.getMetadata().getNamespace());
    }
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
  }

  @Override
  public void stop() {
    queue.shutDown();
  }

  /** Creates the ConfigMap, or puts back its data and description; throws to be retried. */
  public void sync(String namespace) {
    Optional<Namespace> ns = namespaces.get("", namespace);
    if (ns.isEmpty() || !NamespaceWrites.active(ns.get())) {
      return;
    }
    Optional<ConfigMap> cached = configMaps.get(namespace, CONFIG_MAP);
    if (cached.isEmpty()) {
      create(namespace);
      return;
    }
    ConfigMap cm = cached.get();
    if (cm.getDataMap().equals(Map.of(KEY, rootCa)) && cm.getBinaryDataCount() == 0
        && !cm.getMetadata().getAnnotationsOrDefault(DESCRIPTION_ANNOTATION, "").isEmpty()) {
      return;
    }
    // An update on the cached revision: a conflict means a newer change is on its way through the watch.
    configMapClient.update(cm.toBuilder().clearData().putData(KEY, rootCa).clearBinaryData()
        .setMetadata(cm.getMetadata().toBuilder().putAnnotations(DESCRIPTION_ANNOTATION, DESCRIPTION)).build());
    log.info("Restored ConfigMap {}/{}", namespace, CONFIG_MAP);
  }

  private void create(String namespace) {
    try {
      configMapClient.create(ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
          .setMetadata(ObjectMeta.newBuilder().setName(CONFIG_MAP).setNamespace(namespace)
              .putAnnotations(DESCRIPTION_ANNOTATION, DESCRIPTION))
          .putData(KEY, rootCa).build());
      log.info("Created ConfigMap {}/{}", namespace, CONFIG_MAP);
    } catch (ApiException e) {
      // AlreadyExists is retried, as upstream: by then the cache holds it and its content is checked.
      if (!NamespaceWrites.namespaceGone(e)) {
        throw e;
      }
    }
  }

  WorkQueue queue() {
    return queue;
  }
}
