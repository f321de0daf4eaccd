package io.kava.apiserver.metrics;

import com.google.common.util.concurrent.ListenableFuture;
import io.kava.api.core.v1.Node;
import io.kava.api.kubelet.v1.KubeletStatsGrpc;
import io.kava.api.kubelet.v1.StatsSummary;
import io.kava.api.kubelet.v1.SummaryRequest;
import io.kava.apiserver.proxy.KubeletAddress;
import io.kava.apiserver.proxy.KubeletChannels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every given node's kubelet for its stats summary, all at once, each with a deadline. A kubelet
 * that does not answer is left out (logged at DEBUG), as metrics-server drops a node it cannot scrape.
 */
public final class KubeletSummaries implements SummarySource {
  private static final Logger log = LoggerFactory.getLogger(KubeletSummaries.class);

  private final KubeletChannels channels;
  private final Duration deadline;

  public KubeletSummaries(KubeletChannels channels, Duration deadline) {
    this.channels = channels;
    this.deadline = deadline;
  }

  @Override
  public Map<String, StatsSummary> summaries(List<Node> nodes) {
    Map<String, ListenableFuture<StatsSummary>> calls = new LinkedHashMap<>();
    for (Node node : nodes) {
      Optional<KubeletAddress> address = KubeletAddress.of(node);
      if (address.isEmpty()) {
        continue;
      }
      calls.put(node.getMetadata().getName(), KubeletStatsGrpc
          .newFutureStub(channels.of(address.get().host(), address.get().port()))
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .summary(SummaryRequest.getDefaultInstance()));
    }
    Map<String, StatsSummary> result = new LinkedHashMap<>();
    for (Map.Entry<String, ListenableFuture<StatsSummary>> call : calls.entrySet()) {
      try {
        result.put(call.getKey(), call.getValue().get());
      } catch (ExecutionException e) {
        log.debug("Failed to read the stats summary of node {}: {}", call.getKey(), e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return result;
  }
}
