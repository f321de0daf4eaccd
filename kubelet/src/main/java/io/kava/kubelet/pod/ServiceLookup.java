package io.kava.kubelet.pod;

import io.kava.api.core.v1.Service;
import java.util.List;
import java.util.Optional;

/** The cluster's Services as last read (for service environment variables). */
public interface ServiceLookup {
  /** Every Service of every namespace; empty while the Services have not been read once. */
  Optional<List<Service>> all();

  /** No Services at all (kubelets without an API server, and tests). */
  ServiceLookup NONE = () -> Optional.of(List.of());
}
