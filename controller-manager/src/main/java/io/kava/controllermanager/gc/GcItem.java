package io.kava.controllermanager.gc;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;

/**
 * One node of the ownership graph as a work-queue key: "pods:default/web-x7k2p". The key names the
 * object, not a version: a worker always reads the latest state from the caches.
 */
record GcItem(Kind kind, String namespace, String name) {
  static GcItem of(Message object) {
    var meta = ApiObjects.meta(object);
    return new GcItem(Kinds.of(object), meta.getNamespace(), meta.getName());
  }

  static GcItem parse(String key) {
    int colon = key.indexOf(':');
    Kind kind = Kinds.byResource(key.substring(0, colon))
        .orElseThrow(() -> new IllegalArgumentException("Unknown resource in key " + key));
    String rest = key.substring(colon + 1);
    int slash = rest.indexOf('/');
    return slash < 0 ? new GcItem(kind, "", rest) : new GcItem(kind, rest.substring(0, slash), rest.substring(slash + 1));
  }

  String key() {
    return kind.resource() + ":" + ApiObjects.key(namespace, name);
  }

  @Override
  public String toString() {
    return kind.resource() + " " + ApiObjects.key(namespace, name);
  }
}
