package io.kava.client;

/** Upstream's well-known EndpointSlice labels, which the API server, controllers, kube-proxy, DNS and kavactl all read. */
public final class EndpointSliceLabels {
  /** The Service a slice belongs to; kube-proxy and the DNS find a Service's slices by it. */
  public static final String SERVICE_NAME = "kubernetes.io/service-name";
  /** Who writes a slice: the EndpointSlice controller leaves slices of other managers alone. */
  public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";

  private EndpointSliceLabels() {}
}
