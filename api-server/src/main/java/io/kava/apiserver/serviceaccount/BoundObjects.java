package io.kava.apiserver.serviceaccount;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.apiserver.watch.CachedReads;
import io.kava.client.Kinds;
import java.util.Optional;

/** The ServiceAccounts and pods tokens name, as they are now (tests give fixed ones). */
public interface BoundObjects {
  Optional<ServiceAccount> serviceAccount(String namespace, String name);

  Optional<Pod> pod(String namespace, String name);

  /** From the watch caches, etcd on a miss. */
  static BoundObjects cached(CachedReads reads) {
    return new BoundObjects() {
      @Override
      public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
        return reads.get(Kinds.SERVICE_ACCOUNT, ServiceAccount.class, namespace, name);
      }

      @Override
      public Optional<Pod> pod(String namespace, String name) {
        return reads.get(Kinds.POD, Pod.class, namespace, name);
      }
    };
  }
}
