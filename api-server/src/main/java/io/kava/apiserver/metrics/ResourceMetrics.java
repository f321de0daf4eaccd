package io.kava.apiserver.metrics;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.PodStats;
import io.kava.api.metrics.v1beta1.NodeMetricsList;
import io.kava.api.metrics.v1beta1.PodMetricsList;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.watch.WatchCaches;
import io.kava.apiserver.watch.WatchFilter;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * metrics.k8s.io served by the API server itself (issue 11): nodes and pods come from the watch cache,
 * their figures from the kubelets' summaries asked at the time of the call. Nothing is stored; a node
 * or pod without figures yet is simply absent, as from metrics-server.
 */
public final class ResourceMetrics {
  private final WatchCaches caches;
  private final SummarySource summaries;
  private final Clock clock;

  public ResourceMetrics(WatchCaches caches, SummarySource summaries, Clock clock) {
    this.caches = caches;
    this.summaries = summaries;
    this.clock = clock;
  }

  public NodeMetricsList nodes(Selector labels) {
    List<Node> nodes = cached(Kinds.NODE, "", labels, Node.class);
    NodeMetricsList.Builder list = NodeMetricsList.newBuilder();
    summaries.summaries(nodes).forEach((name, summary) ->
        MetricsViews.node(name, summary, clock.instant()).ifPresent(list::addItems));
    return list.build();
  }

  public PodMetricsList pods(String namespace, Selector labels) {
    List<Pod> pods = cached(Kinds.POD, namespace, labels, Pod.class).stream()
        .filter(p -> !p.getSpec().getNodeName().isEmpty()).toList();
    Set<String> nodeNames = pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
    List<Node> nodes = cached(Kinds.NODE, "", Selector.everything(), Node.class).stream()
        .filter(n -> nodeNames.contains(n.getMetadata().getName())).toList();
    Map<String, PodStats> stats = MetricsViews.byUid(new ArrayList<>(summaries.summaries(nodes).values()));
    PodMetricsList.Builder list = PodMetricsList.newBuilder();
    for (Pod pod : pods) {
      PodStats s = stats.get(pod.getMetadata().getUid());
      if (s != null) {
        MetricsViews.pod(pod, s, clock.instant()).ifPresent(list::addItems);
      }
    }
    return list.build();
  }

  private <T extends Message> List<T> cached(io.kava.client.Kind kind, String namespace, Selector labels, Class<T> type) {
    List<Any> items = caches.of(kind).list(new WatchFilter(namespace, labels, FieldSelector.everything()), 0)
        .orElseThrow(() -> ApiError.unavailable("the watch cache of " + kind.resource() + " is not ready yet"))
        .items();
    List<T> result = new ArrayList<>(items.size());
    for (Any any : items) {
      try {
        result.add(any.unpack(type));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("The watch cache holds a " + any.getTypeUrl() + " among " + kind.resource(), e);
      }
    }
    return result;
  }
}
