package io.kava.kubelet.stats;

import io.grpc.stub.StreamObserver;
import io.kava.api.kubelet.v1.KubeletStatsGrpc;
import io.kava.api.kubelet.v1.StatsSummary;
import io.kava.api.kubelet.v1.SummaryRequest;

/** The kubelet's stats summary over gRPC, on the same listener as its streams: the collector's last pass. */
public final class KubeletStatsService extends KubeletStatsGrpc.KubeletStatsImplBase {
  private final StatsCollector collector;

  public KubeletStatsService(StatsCollector collector) {
    this.collector = collector;
  }

  @Override
  public void summary(SummaryRequest request, StreamObserver<StatsSummary> response) {
    response.onNext(collector.summary());
    response.onCompleted();
  }
}
