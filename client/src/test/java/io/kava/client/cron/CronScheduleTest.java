package io.kava.client.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from robfig/cron's spec_test.go (TestNext) and parser_test.go, on the five-field parser. */
class CronScheduleTest {
  private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("EEE MMM d HH:mm yyyy", Locale.ENGLISH);

  private static ZonedDateTime at(String text) {
    return java.time.LocalDateTime.parse(text, F).atZone(ZoneId.of("UTC"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // Simple cases
      "Mon Jul 9 14:45 2012 | 0/15 * * * * | Mon Jul 9 15:00 2012",
      "Mon Jul 9 14:59 2012 | 0/15 * * * * | Mon Jul 9 15:00 2012",
      // Wrap around hours
      "Mon Jul 9 15:45 2012 | 20-35/15 * * * * | Mon Jul 9 16:20 2012",
      // Wrap around days
      "Mon Jul 9 23:46 2012 | */15 * * * * | Tue Jul 10 00:00 2012",
      "Mon Jul 9 23:45 2012 | 20-35/15 * * * * | Tue Jul 10 00:20 2012",
      "Mon Jul 9 23:35 2012 | 20-35/15 * 10 * * | Tue Jul 10 00:20 2012",
      "Mon Jul 9 23:35 2012 | 20-35/15 1/2 */2 * * | Wed Jul 11 01:20 2012",
      "Mon Jul 9 23:35 2012 | 20-35/15 10-12 * * * | Tue Jul 10 10:20 2012",
      "Mon Jul 9 23:35 2012 | 20-35/15 1/2 */2 Jul * | Wed Jul 11 01:20 2012",
      // Wrap around months
      "Mon Jul 9 23:35 2012 | 0 0 9 Apr-Oct ? | Thu Aug 9 00:00 2012",
      "Mon Jul 9 23:35 2012 | 0 0 9 Apr,Aug,Oct Mon | Mon Jul 9 00:00 2012x",
      // Wrap around years
      "Mon Jul 9 23:35 2012 | 0 0 * Feb Mon | Mon Feb 4 00:00 2013",
      "Mon Jul 9 23:35 2012 | 0 0 * Feb Mon/2 | Fri Feb 1 00:00 2013",
      // Wrap around minute, hour, day, month, and year
      "Mon Dec 31 23:59 2012 | * * * * * | Tue Jan 1 00:00 2013",
      // Leap year
      "Mon Jul 9 23:35 2012 | 0 0 29 Feb ? | Mon Feb 29 00:00 2016",
  })
  void nextActivation(String from, String spec, String expected) {
    if (expected.endsWith("x")) {
      // robfig's "0 0 9 Apr,Aug,Oct Mon": either day field matches; the next Monday in August.
      assertThat(CronSchedule.parse(spec).next(at(from))).contains(at("Mon Aug 6 00:00 2012"));
      return;
    }
    assertThat(CronSchedule.parse(spec).next(at(from))).contains(at(expected));
  }

  @Test
  void anImpossibleDateHasNoNextActivation() {
    assertThat(CronSchedule.parse("0 0 30 Feb ?").next(at("Mon Jul 9 23:35 2012"))).isEmpty();
  }

  @Test
  void dayOfMonthAndDayOfWeekMatchWithOrUnlessOneIsAStar() {
    // "1st of the month or any Friday": Fri Jul 13 comes before Aug 1.
    assertThat(CronSchedule.parse("0 0 1 * 5").next(at("Mon Jul 9 00:00 2012"))).contains(at("Fri Jul 13 00:00 2012"));
    // "every day, but only Fridays": the star makes it AND.
    assertThat(CronSchedule.parse("0 0 * * 5").next(at("Mon Jul 9 00:00 2012"))).contains(at("Fri Jul 13 00:00 2012"));
    assertThat(CronSchedule.parse("0 0 1 * *").next(at("Mon Jul 9 00:00 2012"))).contains(at("Wed Aug 1 00:00 2012"));
  }

  @Test
  void descriptorsAndEvery() {
    assertThat(CronSchedule.parse("@hourly").next(at("Mon Jul 9 14:45 2012"))).contains(at("Mon Jul 9 15:00 2012"));
    assertThat(CronSchedule.parse("@daily").next(at("Mon Jul 9 14:45 2012"))).contains(at("Tue Jul 10 00:00 2012"));
    assertThat(CronSchedule.parse("@weekly").next(at("Mon Jul 9 14:45 2012"))).contains(at("Sun Jul 15 00:00 2012"));
    assertThat(CronSchedule.parse("@monthly").next(at("Mon Jul 9 14:45 2012"))).contains(at("Wed Aug 1 00:00 2012"));
    assertThat(CronSchedule.parse("@yearly").next(at("Mon Jul 9 14:45 2012"))).contains(at("Tue Jan 1 00:00 2013"));
    assertThat(CronSchedule.parse("@every 1h30m").next(at("Mon Jul 9 14:45 2012"))).contains(at("Mon Jul 9 16:15 2012"));
  }

  @Test
  void aZoneIsKept() {
    ZonedDateTime from = ZonedDateTime.of(2012, 7, 9, 14, 45, 0, 0, ZoneId.of("Europe/Berlin"));
    assertThat(CronSchedule.parse("0 9 * * *").next(from)).contains(from.plusDays(1).withHour(9).withMinute(0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "* * * * | expected exactly 5 fields, found 4",
      "* * * * * * | expected exactly 5 fields, found 6",
      "60 * * * * | end of range (60) above maximum (59)",
      "* * 0 * * | beginning of range (0) below minimum (1)",
      "* * * * 7 | end of range (7) above maximum (6)",
      "5-1 * * * * | beginning of range (5) beyond end of range (1)",
      "*/0 * * * * | step of range should be a positive number",
      "x * * * * | failed to parse int from x",
      "@fortnightly | unrecognized descriptor",
      "@every 5 | failed to parse duration",
      "CRON_TZ=UTC 0 * * * * | cannot use TZ or CRON_TZ in schedule",
      "TZ=UTC 0 * * * * | cannot use TZ or CRON_TZ in schedule",
  })
  void badSchedulesAreRefusedWithRobfigsWords(String spec, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
