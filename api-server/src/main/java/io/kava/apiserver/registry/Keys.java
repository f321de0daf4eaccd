package io.kava.apiserver.registry;

import io.kava.client.Kind;

/** Storage keys: {@code <prefix>/<resource>/<namespace>/<name>}, or {@code <prefix>/<resource>/<name>} when cluster-scoped. */
public final class Keys {
  private final String prefix;

  public Keys(String prefix) {
    this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  public String key(Kind kind, String namespace, String name) {
    return kind.namespaced() ? resourcePrefix(kind) + namespace + "/" + name : resourcePrefix(kind) + name;
  }

  /** Every object of the kind: {@code /registry/pods/}. */
  public String resourcePrefix(Kind kind) {
    return prefix + "/" + kind.resource() + "/";
  }

  /** Every object of the kind in one namespace (all of them when namespace is empty or the kind is cluster-scoped). */
  public String listPrefix(Kind kind, String namespace) {
    if (!kind.namespaced() || namespace == null || namespace.isEmpty()) {
      return resourcePrefix(kind);
    }
    return resourcePrefix(kind) + namespace + "/";
  }

  public String root() {
    return prefix;
  }
}
