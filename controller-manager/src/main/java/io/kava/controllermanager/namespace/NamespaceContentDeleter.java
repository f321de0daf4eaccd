package io.kava.controllermanager.namespace;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Namespace;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes every namespaced object of a terminating namespace, then releases the namespace. */
final class NamespaceContentDeleter {
  private static final Logger log = LoggerFactory.getLogger(NamespaceContentDeleter.class);
  static final String FINALIZER = "kubernetes";

  private final KavaClient client;

  NamespaceContentDeleter(KavaClient client) {
    this.client = client;
  }

  /** One pass: true once the namespace is empty and its finalizer removed. */
  boolean finalize(Namespace ns) {
    String name = ns.getMetadata().getName();
    int remaining = 0;
    for (Kind kind : Kinds.all()) {
      if (!kind.namespaced()) {
        continue;
      }
      List<Message> items = client.resource(kind).list(ListOptions.inNamespace(name)).items();
      remaining += items.size();
      for (Message item : items) {
        if (ApiObjects.meta(item).getDeletionTimestamp().isEmpty()) {
          deleteIgnoringNotFound(kind, item);
        }
      }
    }
    if (remaining > 0) {
      log.debug("Namespace {} still holds {} objects", name, remaining);
      return false;
    }
    if (ns.getSpec().getFinalizersList().contains(FINALIZER)) {
      List<String> left = ns.getSpec().getFinalizersList().stream().filter(f -> !f.equals(FINALIZER)).toList();
      client.resource(Namespace.class).update(ns.toBuilder()
          .setSpec(ns.getSpec().toBuilder().clearFinalizers().addAllFinalizers(left)).build());
      log.info("Deleted the contents of namespace {} and released it", name);
    }
    return true;
  }

  private void deleteIgnoringNotFound(Kind kind, Message item) {
    try {
      client.resource(kind).delete(ApiObjects.meta(item).getNamespace(), ApiObjects.meta(item).getName());
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }
}
