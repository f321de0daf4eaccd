package io.kava.client.cron;

import java.util.List;
import java.util.Locale;

/** One field of a five-field schedule and its parser (robfig getField/getRange). */
enum CronField {
  MINUTE(0, 59, List.of()),
  HOUR(0, 23, List.of()),
  DOM(1, 31, List.of()),
  MONTH(1, 12, CronSchedule.MONTHS),
  DOW(0, 6, CronSchedule.DAYS);

  private final int min;
  private final int max;
  private final List<String> names;

  CronField(int min, int max, List<String> names) {
    this.min = min;
    this.max = max;
    this.names = names;
  }

  /** The values a field allows; star when it was written {@code *} or {@code ?}. */
  record Bits(long bits, boolean star) {
    boolean has(int v) {
      return (bits & (1L << v)) != 0;
    }
  }

  Bits parse(String field) {
    long bits = 0;
    boolean star = false;
    for (String range : field.split(",", -1)) {
      String[] rangeAndStep = range.split("/", -1);
      String[] lowAndHigh = rangeAndStep[0].split("-", -1);
      int start;
      int end;
      boolean single = false;
      if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
        start = min;
        end = max;
        star = rangeAndStep.length == 1;
      } else {
        start = value(lowAndHigh[0]);
        if (lowAndHigh.length == 1) {
          end = start;
          single = true;
        } else if (lowAndHigh.length == 2) {
          end = value(lowAndHigh[1]);
        } else {
          throw new IllegalArgumentException("too many hyphens: " + range);
        }
      }
      int step = 1;
      if (rangeAndStep.length == 2) {
        step = number(rangeAndStep[1]);
        if (single) {
          end = max; // "N/step" means N-max/step
        }
        if (step <= 0) {
          throw new IllegalArgumentException("step of range should be a positive number: " + range);
        }
      } else if (rangeAndStep.length > 2) {
        throw new IllegalArgumentException("too many slashes: " + range);
      }
      if (start < min) {
        throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + min + "): " + range);
      }
      if (end > max) {
        throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + max + "): " + range);
      }
      if (start > end) {
        throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end + "): " + range);
      }
      for (int v = start; v <= end; v += step) {
        bits |= 1L << v;
      }
    }
    return new Bits(bits, star);
  }

  private int value(String text) {
    int i = names.indexOf(text.toLowerCase(Locale.ROOT));
    if (i >= 0) {
      return i + (this == MONTH ? 1 : 0);
    }
    return number(text);
  }

  private static int number(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("failed to parse int from " + text + ": invalid syntax");
    }
  }
}
