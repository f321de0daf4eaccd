package io.kava.kubectl.set;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.ConfigMapKeySelector;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.EnvVarSource;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.SecretKeySelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * `set env --from=configmap/NAME|secret/NAME`: one variable per key, referring to it (upstream names it
 * by the key upper-cased, characters other than letters, digits and '_' as '_', after --prefix).
 */
public final class EnvSources {
  private EnvSources() {}

  public static List<EnvVar> of(ConfigMap cm, String prefix) {
    List<EnvVar> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(cm.getDataMap().keySet());
    keys.addAll(cm.getBinaryDataMap().keySet());
    for (String key : keys) {
      out.add(EnvVar.newBuilder().setName(envName(prefix, key)).setValueFrom(EnvVarSource.newBuilder()
          .setConfigMapKeyRef(ConfigMapKeySelector.newBuilder().setName(cm.getMetadata().getName()).setKey(key))).build());
    }
    return out;
  }

  public static List<EnvVar> of(Secret secret, String prefix) {
    List<EnvVar> out = new ArrayList<>();
    for (String key : new TreeSet<>(secret.getDataMap().keySet())) {
      out.add(EnvVar.newBuilder().setName(envName(prefix, key)).setValueFrom(EnvVarSource.newBuilder()
          .setSecretKeyRef(SecretKeySelector.newBuilder().setName(secret.getMetadata().getName()).setKey(key))).build());
    }
    return out;
  }

  static String envName(String prefix, String key) {
    return (prefix == null ? "" : prefix) + key.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
  }
}
