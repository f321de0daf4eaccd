package io.kava.controllermanager.cronjob;

import io.kava.api.batch.v1.CronJob;
import io.kava.client.Times;
import io.kava.client.cron.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Upstream mostRecentScheduleTime: of the schedule times since the last run (or creation), and not
 * older than startingDeadlineSeconds, only the most recent one matters; more than 100 of them earn a
 * warning.
 */
final class ScheduleTimes {
  static final int MANY_MISSED = 100;

  /** The time to run now, if any, and whether more than {@link #MANY_MISSED} were missed. */
  record Missed(Optional<Instant> mostRecent, boolean many) {}

  private ScheduleTimes() {}

  static Missed mostRecent(CronJob cj, Instant now, CronSchedule schedule, ZoneId zone) {
    Instant earliest = Times.parse(cj.getStatus().getLastScheduleTime());
    if (earliest == null) {
      earliest = Times.parse(cj.getMetadata().getCreationTimestamp());
    }
    if (earliest == null) {
      earliest = now;
    }
    if (cj.getSpec().hasStartingDeadlineSeconds()) {
      Instant deadline = now.minusSeconds(cj.getSpec().getStartingDeadlineSeconds());
      if (deadline.isAfter(earliest)) {
        earliest = deadline;
      }
    }
    Optional<ZonedDateTime> first = schedule.next(earliest.atZone(zone));
    if (first.isEmpty() || first.get().toInstant().isAfter(now)) {
      return new Missed(Optional.empty(), false);
    }
    ZonedDateTime latest = first.get();
    Duration widestGap = Duration.ZERO;
    int count = 1;
    while (true) {
      Optional<ZonedDateTime> next = schedule.next(latest);
      if (next.isEmpty() || next.get().toInstant().isAfter(now)) {
        return new Missed(Optional.of(latest.toInstant()), count > MANY_MISSED);
      }
      Duration gap = Duration.between(latest, next.get());
      if (gap.compareTo(widestGap) > 0) {
        widestGap = gap;
      }
      latest = next.get();
      if (++count > MANY_MISSED) {
        break;
      }
    }
    // Many missed: skip ahead instead of walking every one (an @every 1s schedule missed for a year).
    ZonedDateTime from = now.minus(widestGap.multipliedBy(2)).atZone(zone);
    if (from.isAfter(latest)) {
      latest = from;
      Optional<ZonedDateTime> t = schedule.next(from);
      while (t.isPresent() && !t.get().toInstant().isAfter(now)) {
        latest = t.get();
        t = schedule.next(latest);
      }
    }
    return new Missed(Optional.of(latest.toInstant()), true);
  }

  /** The first schedule time after now. */
  static Optional<Instant> next(CronSchedule schedule, Instant now, ZoneId zone) {
    return schedule.next(now.atZone(zone)).map(ZonedDateTime::toInstant);
  }
}
