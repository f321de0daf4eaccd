package io.kava.apiserver.admission;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Toleration;
import io.kava.client.taints.Taints;
import java.util.List;

/**
 * Upstream's DefaultTolerationSeconds admission: a new pod that does not tolerate the NoExecute
 * taints node.kubernetes.io/not-ready and node.kubernetes.io/unreachable gets a toleration of each
 * for a limited time (300 s by default), so it is evicted from a failed node after that time rather
 * than at once or never.
 */
public record DefaultTolerationSeconds(long notReadySeconds, long unreachableSeconds) {
  /** Upstream's defaults of --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
  public static final long DEFAULT_SECONDS = 300;

  public static DefaultTolerationSeconds defaults() {
    return new DefaultTolerationSeconds(DEFAULT_SECONDS, DEFAULT_SECONDS);
  }

  /** The pod with the missing default tolerations added (on create only, as upstream). */
  public Pod admit(Pod pod) {
    List<Toleration> tolerations = pod.getSpec().getTolerationsList();
    boolean notReady = tolerates(tolerations, Taints.NOT_READY);
    boolean unreachable = tolerates(tolerations, Taints.UNREACHABLE);
    if (notReady && unreachable) {
      return pod;
    }
    var spec = pod.getSpec().toBuilder();
    if (!notReady) {
      spec.addTolerations(toleration(Taints.NOT_READY, notReadySeconds));
    }
    if (!unreachable) {
      spec.addTolerations(toleration(Taints.UNREACHABLE, unreachableSeconds));
    }
    return pod.toBuilder().setSpec(spec).build();
  }

  /** Upstream's test: a toleration with this key (or none) and effect NoExecute (or none). */
  private static boolean tolerates(List<Toleration> tolerations, String key) {
    return tolerations.stream().anyMatch(t -> (t.getKey().isEmpty() || t.getKey().equals(key))
        && (t.getEffect().isEmpty() || t.getEffect().equals(Taints.NO_EXECUTE)));
  }

  private static Toleration toleration(String key, long seconds) {
    return Toleration.newBuilder().setKey(key).setOperator("Exists").setEffect(Taints.NO_EXECUTE)
        .setTolerationSeconds(seconds).build();
  }
}
