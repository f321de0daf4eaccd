package io.kava.kubelet.testing;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.kubelet.pod.PodApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stands in for the API server: keeps the one pod under test, records status writes and deletes. */
public final class FakePodApi implements PodApi {
  private Pod pod;
  public final List<PodStatus> writes = new ArrayList<>();
  public int deletes;

  public FakePodApi(Pod pod) {
    this.pod = pod;
  }

  public synchronized Pod pod() {
    return pod;
  }

  public synchronized Optional<Pod> current() {
    return Optional.ofNullable(pod);
  }

  public synchronized void replace(Pod pod) {
    this.pod = pod;
  }

  public synchronized PodStatus lastStatus() {
    return pod.getStatus();
  }

  @Override
  public synchronized void updateStatus(Pod p, PodStatus status) {
    if (pod == null || status.equals(pod.getStatus())) {
      return;
    }
    writes.add(status);
    pod = pod.toBuilder().setStatus(status).build();
  }

  @Override
  public synchronized boolean delete(Pod p) {
    deletes++;
    boolean existed = pod != null;
    pod = null;
    return existed;
  }
}
