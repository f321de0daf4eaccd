package io.kava.apiserver.metrics;

import io.kava.api.core.v1.Node;
import io.kava.api.kubelet.v1.StatsSummary;
import java.util.List;
import java.util.Map;

/** The kubelets' stats summaries by node name (a fake in tests). */
public interface SummarySource {
  Map<String, StatsSummary> summaries(List<Node> nodes);
}
