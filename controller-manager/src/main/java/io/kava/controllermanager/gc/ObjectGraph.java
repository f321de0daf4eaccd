package io.kava.controllermanager.gc;

import com.google.protobuf.Message;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.informer.Lister;
import io.kava.client.informer.SharedInformer;
import io.kava.controllermanager.util.OwnerReferences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owner -> dependents graph, read from the shared informers of every kind the collector covers:
 * each cache is indexed by the uids its objects name as owners, so "who depends on uid X" is one
 * index lookup per kind.
 */
final class ObjectGraph {
  private final Map<Kind, Lister<? extends Message>> listers = new LinkedHashMap<>();

  <T extends Message> void add(Class<T> type, SharedInformer<T> informer) {
    informer.addIndex(OwnerReferences.OWNER_UID_INDEX, OwnerReferences::ownerUids);
    listers.put(Kinds.of(type), informer.lister());
  }

  boolean covers(Kind kind) {
    return listers.containsKey(kind);
  }

  Optional<Message> get(GcItem item) {
    return get(item.kind(), item.namespace(), item.name());
  }

  Optional<Message> get(Kind kind, String namespace, String name) {
    Lister<? extends Message> lister = listers.get(kind);
    if (lister == null) {
      return Optional.empty();
    }
    return lister.get(namespace, name).map(m -> (Message) m);
  }

  /** Every cached object, of any covered kind, with an owner reference to this uid. */
  List<Message> dependentsOf(String ownerUid) {
    List<Message> result = new ArrayList<>();
    for (Lister<? extends Message> lister : listers.values()) {
      result.addAll(lister.byIndex(OwnerReferences.OWNER_UID_INDEX, ownerUid));
    }
    return result;
  }
}
