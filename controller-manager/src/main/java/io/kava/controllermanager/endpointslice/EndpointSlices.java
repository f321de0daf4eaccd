package io.kava.controllermanager.endpointslice;

import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiObjects;
import io.kava.client.EndpointSliceLabels;
import java.util.Optional;

/** The labels and names that tie an EndpointSlice to its Service and to this controller, as upstream. */
public final class EndpointSlices {
  public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
  /** v1.IsHeadlessService, set on slices of a Service with clusterIP None. */
  public static final String LABEL_HEADLESS = "service.kubernetes.io/headless";
  public static final String ADDRESS_TYPE_IPV4 = "IPv4";
  /** Upstream --max-endpoints-per-slice default. */
  public static final int MAX_ENDPOINTS_PER_SLICE = 100;

  private EndpointSlices() {}

  static boolean isReservedLabel(String key) {
    return key.equals(EndpointSliceLabels.SERVICE_NAME) || key.equals(EndpointSliceLabels.MANAGED_BY) || key.equals(LABEL_HEADLESS);
  }

  static boolean managedByController(EndpointSlice slice) {
    return CONTROLLER_NAME.equals(slice.getMetadata().getLabelsMap().get(EndpointSliceLabels.MANAGED_BY));
  }

  /** "namespace/service" of a slice carrying the service-name label. */
  static Optional<String> serviceKey(EndpointSlice slice) {
    String service = slice.getMetadata().getLabelsMap().get(EndpointSliceLabels.SERVICE_NAME);
    if (service == null || service.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ApiObjects.key(slice.getMetadata().getNamespace(), service));
  }

  /** Whether the slice's owner references name this very Service (not an older one of the same name). */
  static boolean ownedBy(EndpointSlice slice, Service service) {
    for (OwnerReference ref : slice.getMetadata().getOwnerReferencesList()) {
      if (ref.getUid().equals(service.getMetadata().getUid()) && ref.getKind().equals("Service")
          && ref.getApiVersion().equals("v1")) {
        return true;
      }
    }
    return false;
  }

  /** Upstream getEndpointSlicePrefix: "<service>-", the API server adds five random characters. */
  static String generateName(String serviceName) {
    String prefix = serviceName + "-";
    return prefix.length() > 253 ? serviceName : prefix;
  }
}
