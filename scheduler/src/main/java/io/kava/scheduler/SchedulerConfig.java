package io.kava.scheduler;

import java.time.Duration;

/** Everything the scheduler is started with, independent of how it was parsed. */
public record SchedulerConfig(
    String server,
    boolean leaderElect,
    String identity,
    String schedulerName,
    Duration unschedulableFlushInterval) {
  public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";
  public static final String LEASE_NAME = "kava-scheduler";
  /** Upstream retries parked pods after podMaxInUnschedulablePodsDuration (5 min); Kava keeps it short. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(30);

  public static SchedulerConfig of(String server, boolean leaderElect, String identity) {
    return new SchedulerConfig(server, leaderElect, identity, DEFAULT_SCHEDULER_NAME, DEFAULT_FLUSH_INTERVAL);
  }
}
