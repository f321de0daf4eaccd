package io.kava.controllermanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The duration flag: default, upstream's syntax, and a bad value named with its flag. */
class ControllerManagerMainTest {
  @Test
  void resyncPeriodDefaultsAndTakesUpstreamsSyntax() {
    ControllerManagerMain defaults = new ControllerManagerMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.resyncPeriod).isEqualTo(Duration.ofSeconds(30));

    ControllerManagerMain given = new ControllerManagerMain();
    new CommandLine(given).parseArgs("--resync-period", "1.5m");
    assertThat(given.resyncPeriod).isEqualTo(Duration.ofSeconds(90));

    assertThatThrownBy(() -> new CommandLine(new ControllerManagerMain()).parseArgs("--resync-period", "-5s"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'--resync-period'").hasMessageContaining("must not be negative");
  }
}
