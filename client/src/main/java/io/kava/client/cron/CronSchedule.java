package io.kava.client.cron;

import io.kava.client.flags.GoDurations;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CronJob schedule as upstream parses it (robfig/cron ParseStandard): five fields (minute, hour,
 * day of month, month, day of week) with ranges, steps, lists, month and weekday names, {@code ?} as
 * {@code *}, and the descriptors {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}
 * and {@code @every <duration>}. Written here rather than taken from a library because CronJobs need
 * robfig's exact semantics (day of month and day of week match with OR unless one is {@code *},
 * {@code @every}, Go durations) and no Java cron library has all three.
 */
public sealed interface CronSchedule permits CronSchedule.Spec, CronSchedule.Every {

  /** The first activation strictly after {@code t}, in t's zone; empty when none within five years. */
  Optional<ZonedDateTime> next(ZonedDateTime t);

  /** Parses a schedule; throws IllegalArgumentException with robfig's wording on bad input. */
  static CronSchedule parse(String spec) {
    String s = spec.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty spec string");
    }
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      throw new IllegalArgumentException("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    }
    if (s.startsWith("@")) {
      return descriptor(s);
    }
    String[] fields = s.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": " + s);
    }
    return new Spec(CronField.MINUTE.parse(fields[0]), CronField.HOUR.parse(fields[1]),
        CronField.DOM.parse(fields[2]), CronField.MONTH.parse(fields[3]), CronField.DOW.parse(fields[4]));
  }

  private static CronSchedule descriptor(String s) {
    Map<String, String> macros = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
        "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    String macro = macros.get(s.toLowerCase(Locale.ROOT));
    if (macro != null) {
      return parse(macro);
    }
    if (s.startsWith("@every ")) {
      Duration d;
      try {
        d = GoDurations.parse(s.substring("@every ".length()).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("failed to parse duration " + s + ": " + e.getMessage());
      }
      return new Every(d);
    }
    throw new IllegalArgumentException("unrecognized descriptor: " + s);
  }

  /** A five-field schedule: one bit set per field, as robfig's SpecSchedule. */
  record Spec(CronField.Bits minute, CronField.Bits hour, CronField.Bits dom, CronField.Bits month,
      CronField.Bits dow) implements CronSchedule {

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime from) {
      // robfig's search: advance the coarsest field that does not match, resetting the finer ones.
      ZonedDateTime t = from.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      int yearLimit = t.getYear() + 5;
      wrap:
      while (t.getYear() <= yearLimit) {
        while (!month.has(t.getMonthValue())) {
          t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
          if (t.getMonthValue() == 1) {
            continue wrap;
          }
        }
        while (!dayMatches(t)) {
          t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
          if (t.getDayOfMonth() == 1) {
            continue wrap;
          }
        }
        while (!hour.has(t.getHour())) {
          t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
          if (t.getHour() == 0) {
            continue wrap;
          }
        }
        while (!minute.has(t.getMinute())) {
          t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
          if (t.getMinute() == 0) {
            continue wrap;
          }
        }
        return Optional.of(t);
      }
      return Optional.empty();
    }

    /** Upstream: with either day field a star both must match, otherwise either may. */
    private boolean dayMatches(ZonedDateTime t) {
      boolean domMatch = dom.has(t.getDayOfMonth());
      boolean dowMatch = dow.has(t.getDayOfWeek().getValue() % 7);
      return dom.star() || dow.star() ? domMatch && dowMatch : domMatch || dowMatch;
    }
  }

  /** {@code @every d}: d after the previous activation, whole seconds, at least one second (robfig). */
  record Every(Duration delay) implements CronSchedule {
    public Every {
      delay = delay.truncatedTo(ChronoUnit.SECONDS);
      if (delay.compareTo(Duration.ofSeconds(1)) < 0) {
        delay = Duration.ofSeconds(1);
      }
    }

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime t) {
      return Optional.of(t.truncatedTo(ChronoUnit.SECONDS).plus(delay));
    }
  }

  /** The weekday and month names robfig accepts. */
  List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
}
