package io.kava.client.testing;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.meta.v1.ObjectMeta;

/** Small objects for client tests. */
public final class Fixtures {
  private Fixtures() {}

  public static ConfigMap configMap(String namespace, String name, String value) {
    return ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .putData("value", value).build();
  }
}
