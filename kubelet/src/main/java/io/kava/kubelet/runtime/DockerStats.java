package io.kava.kubelet.runtime;

import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import java.time.Instant;
import java.util.Optional;

/** Docker's stats JSON (docker-java's {@link Statistics}) as a {@link UsageSample}. */
final class DockerStats {
  private DockerStats() {}

  /** Empty when the reading carries no time or no CPU figures (a container that stopped meanwhile). */
  static Optional<UsageSample> toSample(Statistics s) {
    Instant read = DockerContainerRuntime.time(s.getRead());
    if (read == null || s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null
        || s.getCpuStats().getCpuUsage().getTotalUsage() == null) {
      return Optional.empty();
    }
    long cpu = s.getCpuStats().getCpuUsage().getTotalUsage();
    Instant preRead = DockerContainerRuntime.time(s.getPreread());
    long preCpu = 0;
    if (preRead != null && s.getPreCpuStats() != null && s.getPreCpuStats().getCpuUsage() != null
        && s.getPreCpuStats().getCpuUsage().getTotalUsage() != null) {
      preCpu = s.getPreCpuStats().getCpuUsage().getTotalUsage();
    } else {
      preRead = null;
    }
    MemoryStatsConfig memory = s.getMemoryStats();
    long usage = memory == null || memory.getUsage() == null ? 0 : memory.getUsage();
    return Optional.of(new UsageSample(read, cpu, usage, inactiveFile(memory), preRead, preCpu));
  }

  /** total_inactive_file under cgroup v1 (hierarchical, as cAdvisor reads it), inactive_file under v2. */
  private static long inactiveFile(MemoryStatsConfig memory) {
    StatsConfig stats = memory == null ? null : memory.getStats();
    if (stats == null) {
      return 0;
    }
    if (stats.getTotalInactiveFile() != null) {
      return stats.getTotalInactiveFile();
    }
    return stats.getInactiveFile() == null ? 0 : stats.getInactiveFile();
  }
}
