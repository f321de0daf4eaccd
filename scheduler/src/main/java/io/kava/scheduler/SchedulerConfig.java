package io.kava.scheduler;

import io.kava.client.leader.LeaderElector;
import io.kava.scheduler.framework.Parallelizer;
import io.kava.scheduler.plugins.VolumeBinding;
import java.time.Duration;

/** Everything the scheduler is started with, independent of how it was parsed. */
public record SchedulerConfig(
    String server,
    boolean leaderElect,
    String identity,
    String schedulerName,
    Duration unschedulableFlushInterval,
    LeaderElector.Timings leaderElection,
    int percentageOfNodesToScore,
    Duration bindTimeout,
    int parallelism) {
  public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";
  public static final String LEASE_NAME = "kava-scheduler";
  /** Upstream retries parked pods after podMaxInUnschedulablePodsDuration (5 min); Kava keeps it short. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(30);

  public SchedulerConfig(String server, boolean leaderElect, String identity, String schedulerName,
      Duration unschedulableFlushInterval) {
    this(server, leaderElect, identity, schedulerName, unschedulableFlushInterval, LeaderElector.Timings.DEFAULTS);
  }

  public SchedulerConfig(String server, boolean leaderElect, String identity, String schedulerName,
      Duration unschedulableFlushInterval, LeaderElector.Timings leaderElection) {
    this(server, leaderElect, identity, schedulerName, unschedulableFlushInterval, leaderElection, 0,
        VolumeBinding.DEFAULT_BIND_TIMEOUT, Parallelizer.defaultParallelism());
  }

  public SchedulerConfig {
    if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
      throw new IllegalArgumentException("--percentage-of-nodes-to-score must be between 0 and 100");
    }
    if (bindTimeout.isNegative() || bindTimeout.isZero()) {
      throw new IllegalArgumentException("--bind-timeout-seconds must be positive");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1");
    }
  }

  /** 1..100, or 0 (the default) for upstream's adaptive share: 50% less 1% per 125 nodes, at least 5%. */
  public SchedulerConfig withPercentageOfNodesToScore(int percentage) {
    return new SchedulerConfig(server, leaderElect, identity, schedulerName, unschedulableFlushInterval,
        leaderElection, percentage, bindTimeout, parallelism);
  }

  /** How long a pod's binding waits for its WaitForFirstConsumer claims to be bound (upstream: 600 s). */
  public SchedulerConfig withBindTimeout(Duration timeout) {
    return new SchedulerConfig(server, leaderElect, identity, schedulerName, unschedulableFlushInterval,
        leaderElection, percentageOfNodesToScore, timeout, parallelism);
  }

  /** Threads that filter and score the nodes of one cycle (upstream's parallelism, 16 there). */
  public SchedulerConfig withParallelism(int threads) {
    return new SchedulerConfig(server, leaderElect, identity, schedulerName, unschedulableFlushInterval,
        leaderElection, percentageOfNodesToScore, bindTimeout, threads);
  }

  public static SchedulerConfig of(String server, boolean leaderElect, String identity) {
    return of(server, leaderElect, identity, LeaderElector.Timings.DEFAULTS);
  }

  public static SchedulerConfig of(String server, boolean leaderElect, String identity,
      LeaderElector.Timings leaderElection) {
    return new SchedulerConfig(server, leaderElect, identity, DEFAULT_SCHEDULER_NAME, DEFAULT_FLUSH_INTERVAL,
        leaderElection);
  }
}
