package io.kava.controllermanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command's flags: their defaults, upstream's syntax, and bad values named with their flag. */
class ControllerManagerMainTest {
  @Test
  void maxEndpointsPerSliceOutsideUpstreamsRangeIsRefusedBeforeConnecting() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new ControllerManagerMain()).setErr(new PrintWriter(err));

    int code = cmd.execute("--max-endpoints-per-slice", "1001");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--max-endpoints-per-slice: must be between 1 and 1000, got 1001");
  }

  @Test
  void helpListsTheEndpointControllersFlag() {
    StringWriter out = new StringWriter();
    new CommandLine(new ControllerManagerMain()).setOut(new PrintWriter(out)).execute("--help");

    assertThat(out.toString()).contains("--max-endpoints-per-slice").contains("endpointslice");
  }

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
