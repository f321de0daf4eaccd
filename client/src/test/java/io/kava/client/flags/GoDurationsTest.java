package io.kava.client.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Go's time.ParseDuration syntax, as every duration flag of every Kava process takes it. */
class GoDurationsTest {
  @Test
  void takesEveryUnit() {
    assertThat(GoDurations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(GoDurations.parse("7us")).isEqualTo(Duration.ofNanos(7_000));
    assertThat(GoDurations.parse("7\u00b5s")).as("micro sign").isEqualTo(Duration.ofNanos(7_000));
    assertThat(GoDurations.parse("7\u03bcs")).as("Greek mu").isEqualTo(Duration.ofNanos(7_000));
    assertThat(GoDurations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDurations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(GoDurations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(GoDurations.parse("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void addsUpSequencesInAnyOrder() {
    assertThat(GoDurations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(GoDurations.parse("1h2m3s4ms5us6ns")).isEqualTo(Duration.ofHours(1).plusMinutes(2).plusSeconds(3)
        .plusMillis(4).plusNanos(5_006));
    assertThat(GoDurations.parse("30s1m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(GoDurations.parse("1s1s")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void takesDecimalFractions() {
    assertThat(GoDurations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse(".5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDurations.parse("1.s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(GoDurations.parse("0.25m")).isEqualTo(Duration.ofSeconds(15));
    assertThat(GoDurations.parse("1.0000000001s")).as("truncated to whole nanoseconds, as Go")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(GoDurations.parse("1.5ns")).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void takesZeroWithOrWithoutAUnitAndAPlusSign() {
    assertThat(GoDurations.parse("0")).isZero();
    assertThat(GoDurations.parse("0s")).isZero();
    assertThat(GoDurations.parse("0ms")).isZero();
    assertThat(GoDurations.parse("-0")).isZero();
    assertThat(GoDurations.parse("+0")).isZero();
    assertThat(GoDurations.parse("+10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(GoDurations.parse(" 10s\n")).as("blanks around, as from an env file").isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void takesUpToGosLimit() {
    assertThat(GoDurations.parse("2562047h47m16.854775807s")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThatThrownBy(() -> GoDurations.parse("2562047h47m16.854775808s"))
        .hasMessage("invalid duration \"2562047h47m16.854775808s\": longer than the most allowed, 2562047h");
    assertThatThrownBy(() -> GoDurations.parse("99999999999999999999999h")).hasMessageContaining("longer than");
  }

  @Test
  void refusesNegativeDurations() {
    assertThatThrownBy(() -> GoDurations.parse("-1s")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid duration \"-1s\": must not be negative");
    assertThatThrownBy(() -> GoDurations.parse("-1m30s")).hasMessageContaining("must not be negative");
  }

  @Test
  void refusesAnythingElseNamingTheText() {
    assertThatThrownBy(() -> GoDurations.parse("10x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid duration \"10x\": use a number with a unit, e.g. 500ms, 10s, 1m30s");
    for (String bad : new String[] {"", " ", "30", "1m30", "s", "ms", "ten", "1.5.5s", ".s", "-", "+", "--1s", "1 s",
        "1S", "1H", "1sec", "1d", "1h-5m", "1e3s", "0x10s", "5s ms", "\u00b5s"}) {
      assertThatThrownBy(() -> GoDurations.parse(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid duration \"" + bad + "\":");
    }
    assertThatThrownBy(() -> GoDurations.parse(null)).hasMessageStartingWith("invalid duration \"null\":");
  }

  @Command
  static final class Flags {
    @Option(names = "--period", defaultValue = "1m30s", converter = DurationConverter.class)
    Duration period;
  }

  @Test
  void converterGivesPicocliADefaultAndAOneLineErrorNamingTheFlag() {
    Flags defaults = new Flags();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.period).isEqualTo(Duration.ofSeconds(90));
    Flags given = new Flags();
    new CommandLine(given).parseArgs("--period", "250ms");
    assertThat(given.period).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> new CommandLine(new Flags()).parseArgs("--period", "10x"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("Invalid value for option '--period': invalid duration \"10x\": use a number with a unit, "
            + "e.g. 500ms, 10s, 1m30s");
  }

  @Test
  void formatsAsGosDurationString() {
    assertThat(GoDurations.format(java.time.Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDurations.format(java.time.Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(GoDurations.format(java.time.Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(GoDurations.format(java.time.Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(java.time.Duration.ofSeconds(60))).isEqualTo("1m0s");
    assertThat(GoDurations.format(java.time.Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GoDurations.format(java.time.Duration.ofHours(2))).isEqualTo("2h0m0s");
  }
}
