package io.kava.kubelet.api;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.client.ApiException;
import io.kava.client.DeleteOptions;
import io.kava.client.ResourceClient;
import io.kava.kubelet.pod.PodApi;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pod status through updateStatus, only when it changed, and retries conflicts on the latest
 * copy (re-get, reapply). The informer's copy lags our own writes, so the last status written (and
 * the revision it got) is remembered: a status equal to it is not written again until the cache has
 * caught up. Unreachable API servers surface as exceptions: the work queue retries the pod later.
 */
public final class ApiPodStatusWriter implements PodApi {
  private static final Logger log = LoggerFactory.getLogger(ApiPodStatusWriter.class);
  private static final int CONFLICT_RETRIES = 5;

  private final ResourceClient<Pod> pods;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  private record Written(PodStatus status, long revision) {}

  public ApiPodStatusWriter(ResourceClient<Pod> pods) {
    this.pods = pods;
  }

  @Override
  public void updateStatus(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    if (status.equals(pod.getStatus())) {
      return;
    }
    Written last = written.get(uid);
    if (last != null && last.status().equals(status) && last.revision() >= revision(pod)) {
      return; // we wrote exactly this; the cache has not seen it yet
    }
    Pod target = pod;
    for (int attempt = 0; ; attempt++) {
      try {
        Pod saved = pods.updateStatus(target.toBuilder().setStatus(status).build());
        written.put(uid, new Written(status, revision(saved)));
        log.debug("Updated status of pod {}/{}: phase {}", pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(), status.getPhase());
        return;
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return; // the pod is gone: nothing to report on
        }
        if (!e.isConflict() || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
        Pod latest = pods.get(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        if (!latest.getMetadata().getUid().equals(uid)) {
          return; // a new pod took the name
        }
        if (latest.getStatus().equals(status)) {
          return;
        }
        target = latest;
      }
    }
  }

  @Override
  public boolean delete(Pod pod) {
    written.remove(pod.getMetadata().getUid());
    try {
      pods.delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          new DeleteOptions(0L, "", pod.getMetadata().getUid()));
      return true;
    } catch (ApiException e) {
      if (e.isNotFound() || e.isConflict()) {
        return false; // gone already, or the name belongs to a newer pod
      }
      throw e;
    }
  }

  /** Forgets every write: after etcd went back to an older revision, the cache never reaches theirs. */
  public void forgetAll() {
    written.clear();
  }

  /** Forgets what was written for pods that are gone. */
  @Override
  public void forget(String uid) {
    written.remove(uid);
  }

  private static long revision(Pod pod) {
    try {
      return Long.parseLong(pod.getMetadata().getResourceVersion());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
