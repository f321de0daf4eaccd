package io.kava.apiserver.admission;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.LimitRangeItem;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.WriteHook;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.client.quantity.Quantity;
import io.kava.client.quota.PodResources;
import io.kava.client.quota.ResourceLists;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Upstream's LimitRanger admission (plugin/pkg/admission/limitranger). Mutating, on pod create: each
 * container without a request or limit gets the namespace's LimitRange defaults (type Container,
 * default and defaultRequest), noted in the kubernetes.io/limit-ranger annotation. Validating, on pod
 * create and claim create and update: min, max and maxLimitRequestRatio of each Container, Pod and
 * PersistentVolumeClaim item hold, or the write is refused with upstream's messages.
 */
public final class LimitRanger implements WriteHook {
  public static final String ANNOTATION = "kubernetes.io/limit-ranger";

  private final Function<String, List<LimitRange>> limitRanges;

  /** @param limitRanges the LimitRanges of a namespace (the watch cache) */
  public LimitRanger(Function<String, List<LimitRange>> limitRanges) {
    this.limitRanges = limitRanges;
  }

  // ------------------------------------------------------------------ mutating

  /** The pod with the defaults of every Container item filled in where its containers name none. */
  public Pod admitPod(Pod pod) {
    List<LimitRange> ranges = limitRanges.apply(pod.getMetadata().getNamespace());
    if (ranges.isEmpty()) {
      return pod;
    }
    Map<String, String> limits = new TreeMap<>();
    Map<String, String> requests = new TreeMap<>();
    for (LimitRange lr : ranges) {
      for (LimitRangeItem item : lr.getSpec().getLimitsList()) {
        if (item.getType().equals("Container")) {
          item.getDefaultMap().forEach(limits::putIfAbsent);
          item.getDefaultRequestMap().forEach(requests::putIfAbsent);
        }
      }
    }
    if (limits.isEmpty() && requests.isEmpty()) {
      return pod;
    }
    List<String> notes = new ArrayList<>();
    PodSpec.Builder spec = pod.getSpec().toBuilder();
    for (int i = 0; i < spec.getContainersCount(); i++) {
      spec.setContainers(i, withDefaults(spec.getContainers(i), limits, requests, "container", notes));
    }
    for (int i = 0; i < spec.getInitContainersCount(); i++) {
      spec.setInitContainers(i, withDefaults(spec.getInitContainers(i), limits, requests, "init container", notes));
    }
    if (notes.isEmpty()) {
      return pod;
    }
    return pod.toBuilder().setSpec(spec)
        .setMetadata(pod.getMetadata().toBuilder().putAnnotations(ANNOTATION, "LimitRanger plugin set: "
            + String.join("; ", notes)))
        .build();
  }

  private static Container withDefaults(Container c, Map<String, String> limits, Map<String, String> requests,
      String what, List<String> notes) {
    Container.Builder b = c.toBuilder();
    Set<String> setLimits = new TreeSet<>();
    Set<String> setRequests = new TreeSet<>();
    limits.forEach((k, v) -> {
      if (!c.getResources().containsLimits(k)) {
        b.getResourcesBuilder().putLimits(k, v);
        setLimits.add(k);
      }
    });
    requests.forEach((k, v) -> {
      if (!c.getResources().containsRequests(k)) {
        b.getResourcesBuilder().putRequests(k, v);
        setRequests.add(k);
      }
    });
    if (!setRequests.isEmpty()) {
      notes.add(String.join(", ", setRequests) + " request for " + what + " " + c.getName());
    }
    if (!setLimits.isEmpty()) {
      notes.add(String.join(", ", setLimits) + " limit for " + what + " " + c.getName());
    }
    return b.build();
  }

  // ------------------------------------------------------------------ validating

  @Override
  public Pending beginCreate(Message object, boolean dryRun) {
    if (object instanceof Pod pod) {
      refuseViolations(object, podViolations(pod));
    } else if (object instanceof PersistentVolumeClaim pvc) {
      refuseViolations(object, claimViolations(pvc));
    }
    return WriteHook.nothing(object);
  }

  @Override
  public Pending beginUpdate(Message object, Message old, boolean dryRun) {
    // As upstream: pods only at create (their resources do not change); claims also when resized.
    if (object instanceof PersistentVolumeClaim pvc) {
      refuseViolations(object, claimViolations(pvc));
    }
    return WriteHook.nothing(object);
  }

  @Override
  public void afterDelete(Message deleted) {}

  /** Upstream's utilerrors.Aggregate text: the one message, or all of them in brackets. */
  private static void refuseViolations(Message object, Set<String> violations) {
    if (violations.isEmpty()) {
      return;
    }
    String detail = violations.size() == 1 ? violations.iterator().next() : "[" + String.join(", ", violations) + "]";
    throw ApiError.forbidden(Kinds.of(object), ApiObjects.meta(object).getName(), detail);
  }

  Set<String> podViolations(Pod pod) {
    Set<String> errors = new LinkedHashSet<>();
    List<Container> containers = new ArrayList<>(pod.getSpec().getContainersList());
    containers.addAll(pod.getSpec().getInitContainersList());
    for (LimitRange lr : limitRanges.apply(pod.getMetadata().getNamespace())) {
      for (LimitRangeItem item : lr.getSpec().getLimitsList()) {
        if (item.getType().equals("Container")) {
          for (Container c : containers) {
            check(item, "Container", ResourceLists.parse(c.getResources().getRequestsMap()),
                ResourceLists.parse(c.getResources().getLimitsMap()), errors);
          }
        } else if (item.getType().equals("Pod")) {
          check(item, "Pod", PodResources.requests(pod.getSpec()), PodResources.limits(pod.getSpec()), errors);
        }
      }
    }
    return errors;
  }

  Set<String> claimViolations(PersistentVolumeClaim pvc) {
    Set<String> errors = new LinkedHashSet<>();
    Map<String, Quantity> requests = ResourceLists.parse(pvc.getSpec().getResources().getRequestsMap());
    for (LimitRange lr : limitRanges.apply(pvc.getMetadata().getNamespace())) {
      for (LimitRangeItem item : lr.getSpec().getLimitsList()) {
        if (!item.getType().equals("PersistentVolumeClaim")) {
          continue;
        }
        // A claim's limits are not user input here, as upstream: min and max bound what it requests.
        ResourceLists.parse(item.getMinMap()).forEach((k, min) -> minimum("PersistentVolumeClaim", k, min, requests,
            Map.of(), errors));
        ResourceLists.parse(item.getMaxMap()).forEach((k, max) -> {
          Quantity request = requests.get(k);
          if (request == null) {
            errors.add("maximum " + k + " usage per PersistentVolumeClaim is " + max + ".  No request is specified");
          } else if (request.compareTo(max) > 0) {
            errors.add("maximum " + k + " usage per PersistentVolumeClaim is " + max + ", but request is " + request);
          }
        });
      }
    }
    return errors;
  }

  private static void check(LimitRangeItem item, String type, Map<String, Quantity> requests,
      Map<String, Quantity> limits, Set<String> errors) {
    ResourceLists.parse(item.getMinMap()).forEach((k, min) -> minimum(type, k, min, requests, limits, errors));
    ResourceLists.parse(item.getMaxMap()).forEach((k, max) -> maximum(type, k, max, requests, limits, errors));
    ResourceLists.parse(item.getMaxLimitRequestRatioMap()).forEach((k, ratio) -> ratio(type, k, ratio, requests,
        limits, errors));
  }

  private static void minimum(String type, String k, Quantity min, Map<String, Quantity> requests,
      Map<String, Quantity> limits, Set<String> errors) {
    Quantity request = requests.get(k);
    Quantity limit = limits.get(k);
    String head = "minimum " + k + " usage per " + type + " is " + min;
    if (request == null) {
      errors.add(head + ".  No request is specified");
    } else if (request.compareTo(min) < 0) {
      errors.add(head + ", but request is " + request);
    } else if (limit != null && limit.compareTo(min) < 0) {
      errors.add(head + ", but limit is " + limit);
    }
  }

  private static void maximum(String type, String k, Quantity max, Map<String, Quantity> requests,
      Map<String, Quantity> limits, Set<String> errors) {
    Quantity request = requests.get(k);
    Quantity limit = limits.get(k);
    String head = "maximum " + k + " usage per " + type + " is " + max;
    if (limit == null) {
      errors.add(head + ".  No limit is specified");
    } else if (limit.compareTo(max) > 0) {
      errors.add(head + ", but limit is " + limit);
    } else if (request != null && request.compareTo(max) > 0) {
      errors.add(head + ", but request is " + request);
    }
  }

  private static void ratio(String type, String k, Quantity ratio, Map<String, Quantity> requests,
      Map<String, Quantity> limits, Set<String> errors) {
    Quantity request = requests.get(k);
    Quantity limit = limits.get(k);
    String head = k + " max limit to request ratio per " + type + " is " + ratio;
    if (request == null || request.isZero()) {
      errors.add(head + ", but no request is specified or request is 0");
    } else if (limit == null || limit.isZero()) {
      errors.add(head + ", but no limit is specified or limit is 0");
    } else {
      java.math.BigDecimal observed = limit.decimalValue().divide(request.decimalValue(), java.math.MathContext.DECIMAL64);
      if (observed.compareTo(ratio.decimalValue()) > 0) {
        errors.add(head + ", but provided ratio is " + String.format(java.util.Locale.ROOT, "%f", observed.doubleValue()));
      }
    }
  }
}
