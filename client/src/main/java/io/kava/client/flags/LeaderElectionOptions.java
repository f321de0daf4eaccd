package io.kava.client.flags;

import io.kava.client.leader.LeaderElector;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Upstream's leader election flags, shared by the scheduler and the controller manager
 * ({@code @Mixin LeaderElectionOptions leaderElection}).
 */
public final class LeaderElectionOptions {
  @Option(names = "--leader-elect", defaultValue = "true", arity = "1",
      description = "Take a Lease in kube-system before acting, so that only one replica acts")
  public boolean leaderElect;

  @Option(names = "--leader-elect-lease-duration", defaultValue = "15s", converter = DurationConverter.class,
      description = "How long a standby waits after the last renewal it saw before taking the Lease")
  public Duration leaseDuration;

  @Option(names = "--leader-elect-renew-deadline", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long the leader keeps trying to renew before it stops leading (and writing)")
  public Duration renewDeadline;

  @Option(names = "--leader-elect-retry-period", defaultValue = "2s", converter = DurationConverter.class,
      description = "How often the leader renews and a standby tries to acquire")
  public Duration retryPeriod;

  /** The timings; IllegalArgumentException with the flag names when they do not fit together. */
  public LeaderElector.Timings timings() {
    return new LeaderElector.Timings(leaseDuration, renewDeadline, retryPeriod);
  }
}
