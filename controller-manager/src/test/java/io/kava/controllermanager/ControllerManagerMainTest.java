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
  void profilingDefaultsToUpstreamsTrueAndTakesFalse() {
    ControllerManagerMain defaults = new ControllerManagerMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.profiling.profiling).isTrue();
    ControllerManagerMain given = new ControllerManagerMain();
    new CommandLine(given).parseArgs("--profiling=false", "--terminated-pod-gc-threshold=1000");
    assertThat(given.profiling.profiling).isFalse();
  }

  @Test
  void useServiceAccountCredentialsDefaultsToUpstreamsFalseAndTakesGosBooleanForms() {
    ControllerManagerMain defaults = new ControllerManagerMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.useServiceAccountCredentials).isFalse();
    for (String[] args : new String[][] {{"--use-service-account-credentials"}, {"--use-service-account-credentials=true"}}) {
      ControllerManagerMain given = new ControllerManagerMain();
      new CommandLine(given).parseArgs(args);
      assertThat(given.useServiceAccountCredentials).as(String.join(" ", args)).isTrue();
    }
    ControllerManagerMain off = new ControllerManagerMain();
    new CommandLine(off).parseArgs("--use-service-account-credentials=false");
    assertThat(off.useServiceAccountCredentials).isFalse();
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

  @Test
  void horizontalPodAutoscalerFlagsHaveUpstreamsDefaultsAndShortenForTests() {
    ControllerManagerMain defaults = new ControllerManagerMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.hpaSyncPeriod).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.hpaDownscaleStabilization).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.hpaTolerance).isEqualTo(0.1);

    ControllerManagerMain given = new ControllerManagerMain();
    new CommandLine(given).parseArgs("--horizontal-pod-autoscaler-sync-period", "2s",
        "--horizontal-pod-autoscaler-downscale-stabilization", "8s");
    assertThat(given.hpaSyncPeriod).isEqualTo(Duration.ofSeconds(2));
    assertThat(given.hpaDownscaleStabilization).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void leaderElectionFlagsHaveUpstreamsDefaultsAndRefuseTimingsThatDoNotFit() {
    ControllerManagerMain defaults = new ControllerManagerMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.leaderElection.timings()).isEqualTo(io.kava.client.leader.LeaderElector.Timings.DEFAULTS);

    ControllerManagerMain given = new ControllerManagerMain();
    new CommandLine(given).parseArgs("--leader-elect-lease-duration", "4s", "--leader-elect-renew-deadline", "3s",
        "--leader-elect-retry-period", "500ms");
    assertThat(given.leaderElection.timings().renewDeadline()).isEqualTo(Duration.ofSeconds(3));

    StringWriter err = new StringWriter();
    int code = new CommandLine(new ControllerManagerMain()).setErr(new PrintWriter(err))
        .execute("--leader-elect-lease-duration", "5s", "--leader-elect-renew-deadline", "10s");
    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--leader-elect-lease-duration (5000ms) must be greater than");
  }
}
