package io.kava.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  @Test
  void percentilesAreNearestRank() {
    Samples s = Samples.of(List.of(5, 1, 4, 2, 3, 6, 7, 8, 9, 10));

    assertThat(s.p50()).isEqualTo(5);
    assertThat(s.p99()).isEqualTo(10);
    assertThat(s.percentile(10)).isEqualTo(1);
    assertThat(new Samples().p50()).isNaN();
  }

  @Test
  void tableShowsEachFigureBesideItsBaselineWithTheRatio() {
    BenchReport r = new BenchReport("api-create", "API create")
        .figure("creates per second", 800, 1000, "/s", ">= 0.8 of etcd")
        .latencies("create latency", "kava", Samples.of(List.of(2, 4)), "etcd", Samples.of(List.of(1, 2)), "ms", "");

    assertThat(r.table()).isEqualTo("""
        | figure | Kava | baseline | ratio | goal |
        |---|---|---|---|---|
        | creates per second | 800 /s | 1000 /s | 0.80 | >= 0.8 of etcd |
        | create latency p50 | 2 ms | 1 ms | 2 |  |
        | create latency p99 | 4 ms | 2 ms | 2 |  |
        """);
  }

  @Test
  void cdfHasOneStepLinePerSeries() {
    String svg = CdfPlot.svg("t <1>", "ms", Map.of("a", Samples.of(List.of(1, 2)), "b", Samples.of(List.of(3))));

    assertThat(svg).startsWith("<svg").contains("t &lt;1&gt;").endsWith("</svg>\n");
    assertThat(svg.split("<polyline", -1)).hasSize(3);
  }
}
