package io.kava.scheduler.framework;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.client.quantity.Quantity;
import java.util.Map;

/**
 * What a pod asks for, computed as upstream's resourcehelper.PodRequests: the sum over its containers,
 * at least the largest init container (sidecar init containers, restartPolicy Always, keep running and
 * add up), plus the pod overhead.
 */
public final class PodRequests {
  /** Upstream's defaults for scoring a container that requests nothing (schedutil.DefaultMilliCPURequest). */
  public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
  public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

  /**
   * The last pod asked about and its sums: a scheduling cycle asks for the same pod once per node, and
   * pods are immutable messages, so the same object always has the same requests (upstream computes
   * them once per cycle in PreFilter).
   */
  private record Computed(Pod pod, Resources requests, Resources nonZero) {}

  private static volatile Computed last;

  private PodRequests() {}

  /** The requests the node must have room for (filtering). */
  public static Resources of(Pod pod) {
    return computed(pod).requests();
  }

  /**
   * The requests used for scoring: a container that names no cpu (or memory) request counts as
   * 100m (200Mi), so that many request-less pods still spread by load, as upstream's NonZeroRequested.
   */
  public static Resources nonZero(Pod pod) {
    return computed(pod).nonZero();
  }

  private static Computed computed(Pod pod) {
    Computed c = last;
    if (c == null || c.pod() != pod) {
      c = new Computed(pod, compute(pod.getSpec(), false), compute(pod.getSpec(), true));
      last = c;
    }
    return c;
  }

  private static Resources compute(PodSpec spec, boolean nonZero) {
    Resources sum = Resources.ZERO;
    for (Container c : spec.getContainersList()) {
      sum = sum.plus(container(c, nonZero));
    }
    Resources sidecars = Resources.ZERO;
    Resources init = Resources.ZERO;
    for (Container c : spec.getInitContainersList()) {
      Resources r = container(c, nonZero);
      if ("Always".equals(c.getRestartPolicy())) {
        sum = sum.plus(r);
        sidecars = sidecars.plus(r);
        init = init.max(sidecars);
      } else {
        init = init.max(r.plus(sidecars));
      }
    }
    sum = sum.max(init);
    return sum.plus(new Resources(milli(spec.getOverheadMap(), "cpu"), value(spec.getOverheadMap(), "memory")));
  }

  private static Resources container(Container c, boolean nonZero) {
    Map<String, String> requests = c.getResources().getRequestsMap();
    Map<String, String> limits = c.getResources().getLimitsMap();
    long cpu;
    long memory;
    // A limit without a request means request = limit (the API server defaults it so; read it the same way).
    if (requests.containsKey("cpu") || limits.containsKey("cpu")) {
      cpu = milli(requests.containsKey("cpu") ? requests : limits, "cpu");
    } else {
      cpu = nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0;
    }
    if (requests.containsKey("memory") || limits.containsKey("memory")) {
      memory = value(requests.containsKey("memory") ? requests : limits, "memory");
    } else {
      memory = nonZero ? DEFAULT_MEMORY_REQUEST : 0;
    }
    return new Resources(cpu, memory);
  }

  private static long milli(Map<String, String> list, String name) {
    return quantity(list, name, true);
  }

  private static long value(Map<String, String> list, String name) {
    return quantity(list, name, false);
  }

  /** The API server rejects malformed quantities; should one slip through, it counts as nothing. */
  private static long quantity(Map<String, String> list, String name, boolean milli) {
    String q = list.get(name);
    if (q == null) {
      return 0;
    }
    Quantity parsed = Quantity.parseOrNull(q);
    if (parsed == null) {
      return 0;
    }
    return milli ? parsed.milliValue() : parsed.value();
  }
}
