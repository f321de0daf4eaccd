package io.kava.controllermanager.resourcequota;

import com.google.protobuf.Message;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.core.v1.ResourceQuotaStatus;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.quota.QuotaUsage;
import io.kava.client.quota.Quotas;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.Periodic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's resourcequota controller (pkg/controller/resourcequota): keeps each quota's status.hard and
 * status.used equal to its spec and to what its namespace's objects use. The ResourceQuota admission
 * raises used at each create; this controller brings it back down when objects go (replenishment on
 * delete, and when a pod finishes) and recomputes every quota every --resource-quota-sync-period, which
 * also corrects a raise whose write then failed. Pods, Services, ConfigMaps, Secrets and claims come from
 * informers; other kinds a quota counts (count/deployments.apps) are listed from the API server.
 */
public final class ResourceQuotaController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(ResourceQuotaController.class);
  public static final String NAME = "resourcequota";

  private final KavaClient client;
  private final ResourceQuotaConfig config;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final Periodic resync = new Periodic("resourcequota-resync");
  private final Map<Kind, Lister<? extends Message>> listers = new LinkedHashMap<>();
  private Lister<ResourceQuota> quotas;

  public ResourceQuotaController(KavaClient client, ResourceQuotaConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var quotaInformer = informers.informer(ResourceQuota.class);
    quotas = quotaInformer.lister();
    quotaInformer.addEventHandler(new QuotaHandler());
    track(informers, Pod.class);
    track(informers, Service.class);
    track(informers, ConfigMap.class);
    track(informers, Secret.class);
    track(informers, PersistentVolumeClaim.class);
  }

  private <T extends Message> void track(InformerFactory informers, Class<T> type) {
    var informer = informers.informer(type);
    listers.put(Kinds.of(type), informer.lister());
    informer.addEventHandler(new ReplenishmentHandler<>());
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
    resync.every(config.syncPeriod(), config.syncPeriod(), this::enqueueAll, log, "Resource quota resync");
  }

  @Override
  public void stop() {
    resync.stop();
    queue.shutDown();
  }

  WorkQueue queue() {
    return queue;
  }

  private void enqueueAll() {
    quotas.list().forEach(q -> queue.add(ApiObjects.key(q)));
  }

  private void enqueueNamespace(String namespace) {
    quotas.list(namespace).forEach(q -> queue.add(ApiObjects.key(q)));
  }

  /** Recomputes one quota by "namespace/name"; throws to be retried (a conflict with admission's raise). */
  public void sync(String key) {
    Optional<ResourceQuota> found = quotas.get(key);
    if (found.isEmpty()) {
      return;
    }
    ResourceQuota quota = found.get();
    String namespace = quota.getMetadata().getNamespace();
    List<Message> objects = new ArrayList<>();
    for (Kind kind : Quotas.kindsCounted(quota.getSpec().getHardMap().keySet())) {
      objects.addAll(objectsOf(kind, namespace));
    }
    ResourceQuotaStatus status = QuotaStatuses.compute(quota, objects);
    if (QuotaStatuses.same(status, quota.getStatus())) {
      return;
    }
    client.resource(ResourceQuota.class).updateStatus(quota.toBuilder().setStatus(status).build());
    log.info("Updated the usage of quota {}: {}", key, status.getUsedMap());
  }

  private List<? extends Message> objectsOf(Kind kind, String namespace) {
    Lister<? extends Message> lister = listers.get(kind);
    if (lister != null) {
      return lister.list(namespace);
    }
    try {
      return client.resource(kind).list(ListOptions.inNamespace(namespace)).items();
    } catch (ApiException e) {
      throw new IllegalStateException("Failed to list " + kind.resource() + " in " + namespace + ": " + e.getMessage(), e);
    }
  }

  private final class QuotaHandler implements ResourceEventHandler<ResourceQuota> {
    @Override
    public void onAdd(ResourceQuota quota) {
      queue.add(ApiObjects.key(quota));
    }

    @Override
    public void onUpdate(ResourceQuota old, ResourceQuota quota) {
      // A status the controller did not write (a raise by admission) needs no recomputation; a new spec does.
      if (!old.getSpec().equals(quota.getSpec()) || !quota.getSpec().getHardMap().equals(quota.getStatus().getHardMap())) {
        queue.add(ApiObjects.key(quota));
      }
    }
  }

  /** Upstream's replenishment: what an object used is given back when it goes or stops using it. */
  private final class ReplenishmentHandler<T extends Message> implements ResourceEventHandler<T> {
    @Override
    public void onUpdate(T old, T object) {
      if (!QuotaUsage.of(old).equals(QuotaUsage.of(object))) {
        enqueueNamespace(ApiObjects.meta(object).getNamespace());
      }
    }

    @Override
    public void onDelete(T object) {
      enqueueNamespace(ApiObjects.meta(object).getNamespace());
    }
  }
}
