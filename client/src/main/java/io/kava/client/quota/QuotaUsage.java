package io.kava.client.quota;

import com.google.protobuf.Message;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.quantity.Quantity;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one object uses of a namespace's quota, as upstream's quota evaluators (pkg/quota/v1/evaluator/core):
 * every namespaced object counts one `count/<resource>[.<group>]`; pods, services, claims, configmaps,
 * secrets and quotas also count under their legacy names; pods add their compute requests and limits,
 * services their NodePorts and load balancers, claims their requested storage (also per StorageClass).
 * A pod that has finished (Succeeded, Failed) uses nothing.
 */
public final class QuotaUsage {
  public static final String PODS = "pods";
  public static final String SERVICES = "services";
  public static final String SERVICES_NODE_PORTS = "services.nodeports";
  public static final String SERVICES_LOAD_BALANCERS = "services.loadbalancers";
  public static final String CLAIMS = "persistentvolumeclaims";
  public static final String REQUESTS_STORAGE = "requests.storage";
  public static final String REQUESTS_PREFIX = "requests.";
  public static final String LIMITS_PREFIX = "limits.";
  public static final String COUNT_PREFIX = "count/";
  /** Per-class claim quotas: `<class>.storageclass.storage.k8s.io/requests.storage`. */
  public static final String STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";

  /** Kinds with an object count under their plain resource name, as upstream's legacy names. */
  private static final Set<String> LEGACY_COUNTED = Set.of("pods", "services", "configmaps", "secrets",
      "persistentvolumeclaims", "resourcequotas", "replicationcontrollers");
  /** The compute resources with a bare name (`cpu` means `requests.cpu`). */
  private static final Set<String> BARE_COMPUTE = Set.of("cpu", "memory", "ephemeral-storage");
  private static final Quantity ONE = Quantity.parse("1");

  private QuotaUsage() {}

  /** The object's usage, every resource it counts under. */
  public static Map<String, Quantity> of(Message object) {
    Kind kind = Kinds.of(object);
    Map<String, Quantity> usage = new TreeMap<>();
    if (object instanceof Pod pod && !PodScopes.countsTowardsQuota(pod)) {
      return usage;
    }
    usage.put(countName(kind), ONE);
    if (LEGACY_COUNTED.contains(kind.resource())) {
      usage.put(kind.resource(), ONE);
    }
    if (object instanceof Pod pod) {
      usage.putAll(podCompute(pod));
    } else if (object instanceof Service svc) {
      usage.putAll(service(svc));
    } else if (object instanceof PersistentVolumeClaim pvc) {
      usage.putAll(claim(pvc));
    }
    return usage;
  }

  /** `count/pods`, `count/deployments.apps`. */
  public static String countName(Kind kind) {
    return COUNT_PREFIX + kind.resource() + (kind.group().isEmpty() ? "" : "." + kind.group());
  }

  /** Requests under `requests.X` (and `X` for cpu, memory, ephemeral-storage), limits under `limits.X`. */
  static Map<String, Quantity> podCompute(Pod pod) {
    Map<String, Quantity> out = new TreeMap<>();
    PodResources.requests(pod.getSpec()).forEach((name, q) -> {
      out.put(REQUESTS_PREFIX + name, q);
      if (BARE_COMPUTE.contains(name)) {
        out.put(name, q);
      }
    });
    PodResources.limits(pod.getSpec()).forEach((name, q) -> {
      if (BARE_COMPUTE.contains(name) || name.startsWith("hugepages-")) {
        out.put(LIMITS_PREFIX + name, q);
      }
    });
    return out;
  }

  private static Map<String, Quantity> service(Service svc) {
    Map<String, Quantity> out = new TreeMap<>();
    String type = svc.getSpec().getType();
    boolean loadBalancer = type.equals("LoadBalancer");
    int nodePorts = type.equals("NodePort") || loadBalancer ? svc.getSpec().getPortsCount() : 0;
    out.put(SERVICES_LOAD_BALANCERS, Quantity.parse(loadBalancer ? "1" : "0"));
    out.put(SERVICES_NODE_PORTS, Quantity.parse(Integer.toString(nodePorts)));
    return out;
  }

  private static Map<String, Quantity> claim(PersistentVolumeClaim pvc) {
    Map<String, Quantity> out = new TreeMap<>();
    Quantity storage = ResourceLists.parse(pvc.getSpec().getResources().getRequestsMap()).getOrDefault("storage", Quantity.ZERO);
    out.put(REQUESTS_STORAGE, storage);
    String storageClass = pvc.getSpec().getStorageClassName();
    if (!storageClass.isEmpty()) {
      out.put(storageClass + STORAGE_CLASS_SUFFIX + CLAIMS, ONE);
      out.put(storageClass + STORAGE_CLASS_SUFFIX + REQUESTS_STORAGE, storage);
    }
    return out;
  }
}
