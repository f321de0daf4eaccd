package io.kava.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Docker's stats JSON (API 1.41, cgroup v1 and v2 shapes) read into a sample. */
class DockerStatsTest {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  void readsCumulativeCpuThePreReadingAndTheHierarchicalInactiveFile() throws Exception {
    Statistics s = JSON.readValue("""
        {"read":"2026-12-01T12:00:01.5Z","preread":"2026-12-01T12:00:00.5Z",
         "cpu_stats":{"cpu_usage":{"total_usage":3000000000},"system_cpu_usage":1,"online_cpus":2},
         "precpu_stats":{"cpu_usage":{"total_usage":2000000000}},
         "memory_stats":{"usage":104857600,"limit":1,"stats":{"total_inactive_file":31457280,"inactive_file":1}}}
        """, Statistics.class);
    UsageSample sample = DockerStats.toSample(s).orElseThrow();
    assertThat(sample.read()).isEqualTo(Instant.parse("2026-12-01T12:00:01.5Z"));
    assertThat(sample.cpuUsageNanos()).isEqualTo(3_000_000_000L);
    assertThat(sample.preRead()).isEqualTo(Instant.parse("2026-12-01T12:00:00.5Z"));
    assertThat(sample.preCpuUsageNanos()).isEqualTo(2_000_000_000L);
    assertThat(sample.workingSetBytes()).isEqualTo(70L << 20);
  }

  @Test
  void cgroupV2HasOnlyInactiveFile() throws Exception {
    Statistics s = JSON.readValue("""
        {"read":"2026-12-01T12:00:01Z","preread":"0001-01-01T00:00:00Z",
         "cpu_stats":{"cpu_usage":{"total_usage":5}},"precpu_stats":{"cpu_usage":{"total_usage":0}},
         "memory_stats":{"usage":1000,"stats":{"inactive_file":400}}}
        """, Statistics.class);
    UsageSample sample = DockerStats.toSample(s).orElseThrow();
    assertThat(sample.preRead()).isNull();
    assertThat(sample.workingSetBytes()).isEqualTo(600);
  }

  @Test
  void aStoppedContainersZeroReadingIsNoSample() throws Exception {
    Statistics s = JSON.readValue("""
        {"read":"0001-01-01T00:00:00Z","cpu_stats":{"cpu_usage":{"total_usage":0}},"memory_stats":{}}
        """, Statistics.class);
    assertThat(DockerStats.toSample(s)).isEmpty();
  }
}
