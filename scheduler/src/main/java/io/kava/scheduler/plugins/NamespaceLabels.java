package io.kava.scheduler.plugins;

import io.kava.api.core.v1.Namespace;
import io.kava.client.informer.Lister;
import io.kava.client.selector.Selector;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** The namespaces the scheduler knows, for namespaceSelector: one namespace's labels, the names a selector picks. */
public final class NamespaceLabels {
  private final Function<String, Optional<Namespace>> get;
  private final Supplier<List<Namespace>> list;

  private NamespaceLabels(Function<String, Optional<Namespace>> get, Supplier<List<Namespace>> list) {
    this.get = get;
    this.list = list;
  }

  public static NamespaceLabels of(Lister<Namespace> lister) {
    return new NamespaceLabels(name -> lister.get("", name), lister::list);
  }

  /** A fixed set, for tests and for a scheduler that does not watch namespaces. */
  public static NamespaceLabels of(List<Namespace> namespaces) {
    List<Namespace> copy = List.copyOf(namespaces);
    return new NamespaceLabels(
        name -> copy.stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst(), () -> copy);
  }

  /** The namespace's labels; none when it is not known (yet). */
  public Map<String, String> labelsOf(String namespace) {
    return get.apply(namespace).map(n -> n.getMetadata().getLabelsMap()).orElse(Map.of());
  }

  public Set<String> matching(Selector selector) {
    Set<String> names = new HashSet<>();
    for (Namespace n : list.get()) {
      if (selector.matches(n.getMetadata().getLabelsMap())) {
        names.add(n.getMetadata().getName());
      }
    }
    return names;
  }
}
