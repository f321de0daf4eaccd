package io.kava.client;

import io.grpc.StatusRuntimeException;
import io.kava.api.metrics.v1beta1.NodeMetricsList;
import io.kava.api.metrics.v1beta1.PodMetricsList;
import io.kava.api.v1.ListRequest;

/** metrics.k8s.io/v1beta1 reads (NodeMetrics, PodMetrics), as client-go's metrics clientset. */
public final class MetricsClient {
  private final KavaClient client;

  MetricsClient(KavaClient client) {
    this.client = client;
  }

  /** Every node's figures; a label selector in kubectl syntax, "" for all. */
  public NodeMetricsList nodes(String labelSelector) {
    try {
      return client.blocking().listNodeMetrics(ListRequest.newBuilder().setLabelSelector(labelSelector).build());
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }

  /** The figures of the pods in a namespace ("" for all) that the selector matches. */
  public PodMetricsList pods(String namespace, String labelSelector) {
    try {
      return client.blocking().listPodMetrics(ListRequest.newBuilder().setNamespace(namespace)
          .setLabelSelector(labelSelector).build());
    } catch (StatusRuntimeException e) {
      throw ApiException.from(e);
    }
  }
}
