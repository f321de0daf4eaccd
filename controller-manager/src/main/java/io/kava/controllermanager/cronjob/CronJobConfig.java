package io.kava.controllermanager.cronjob;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The CronJob controller's clock. {@code timeScale} above 1 is a test knob: the controller's time runs
 * that many times faster than the wall clock from the moment it starts, so a schedule of every minute
 * fires every few seconds without changing what the controller does.
 */
public record CronJobConfig(Clock clock, double timeScale) {
  public static CronJobConfig defaults() {
    return new CronJobConfig(Clock.systemUTC(), 1);
  }

  /** A clock that runs {@code timeScale} times as fast as the system clock from now on. */
  public static CronJobConfig scaled(double timeScale) {
    if (timeScale == 1) {
      return defaults();
    }
    Instant start = Instant.now();
    long startNanos = System.nanoTime();
    Clock scaled = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneId.of("UTC");
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return start.plusNanos((long) ((System.nanoTime() - startNanos) * timeScale));
      }
    };
    return new CronJobConfig(scaled, timeScale);
  }

  /** How long to wait on the wall clock for {@code d} to pass on the controller's clock. */
  Duration wallTime(Duration d) {
    return Duration.ofNanos((long) (d.toNanos() / timeScale));
  }
}
