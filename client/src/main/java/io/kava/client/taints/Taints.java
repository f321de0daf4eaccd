package io.kava.client.taints;

import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Taint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Upstream's well-known node taints (k8s.io/api/core/v1 well_known_taints.go) and taint list edits. */
public final class Taints {
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
  public static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
  public static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
  public static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
  public static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
  public static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  private Taints() {}

  public static Taint taint(String key, String effect) {
    return Taint.newBuilder().setKey(key).setEffect(effect).build();
  }

  /** Same key and effect: upstream's Taint.MatchTaint (value and timeAdded do not count). */
  public static boolean sameKeyAndEffect(Taint a, Taint b) {
    return a.getKey().equals(b.getKey()) && a.getEffect().equals(b.getEffect());
  }

  public static boolean has(Node node, String key, String effect) {
    return node.getSpec().getTaintsList().stream()
        .anyMatch(t -> t.getKey().equals(key) && t.getEffect().equals(effect));
  }

  public static List<Taint> withEffect(Node node, String effect) {
    return node.getSpec().getTaintsList().stream().filter(t -> t.getEffect().equals(effect)).toList();
  }

  /**
   * The taints with {@code remove} taken out and {@code add} put in (unless a taint of the same key
   * and effect is already there, which keeps its timeAdded).
   */
  public static List<Taint> edit(List<Taint> current, Collection<Taint> add, Collection<Taint> remove) {
    List<Taint> result = new ArrayList<>();
    for (Taint t : current) {
      if (remove.stream().noneMatch(r -> sameKeyAndEffect(r, t))) {
        result.add(t);
      }
    }
    for (Taint t : add) {
      if (result.stream().noneMatch(r -> sameKeyAndEffect(r, t))) {
        result.add(t);
      }
    }
    return result;
  }
}
