package io.kava.kubelet.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The duration flags: defaults, upstream's syntax, and a bad value named with its flag. */
class KubeletCommandTest {
  /** Runs the command as main does; the flags given must fail before anything is connected to. */
  private static String failure(String... args) {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine line = new CommandLine(new KubeletCommand());
    line.setErr(new java.io.PrintWriter(err));
    assertThat(line.execute(args)).isEqualTo(2);
    return err.toString();
  }

  @Test
  void podMaxPidsDefaultsToUpstreamsNoLimitAndRefusesLessThanMinusOne() {
    KubeletCommand defaults = new KubeletCommand();
    new CommandLine(defaults).parseArgs("--node-name", "n1");
    assertThat(defaults.podMaxPids).isEqualTo("-1");
    assertThat(defaults.streamingIdleTimeout).isEqualTo(Duration.ofHours(4));

    assertThat(failure("--node-name", "n1", "--pod-max-pids", "-2"))
        .startsWith("--pod-max-pids: must be -1 (no limit) or more, not -2");
    assertThat(failure("--node-name", "n1", "--pod-max-pids", "lots"))
        .startsWith("--pod-max-pids: \"lots\" is not an integer");
  }

  @Test
  void streamingConnectionIdleTimeoutTakesGoDurationsAndZero() {
    KubeletCommand given = new KubeletCommand();
    new CommandLine(given).parseArgs("--node-name", "n1", "--streaming-connection-idle-timeout", "5m0s");
    assertThat(given.streamingIdleTimeout).isEqualTo(Duration.ofMinutes(5));
    KubeletCommand never = new KubeletCommand();
    new CommandLine(never).parseArgs("--node-name", "n1", "--streaming-connection-idle-timeout", "0");
    assertThat(never.streamingIdleTimeout).isZero();

    assertThat(failure("--node-name", "n1", "--streaming-connection-idle-timeout", "-1m"))
        .startsWith("Invalid value for option '--streaming-connection-idle-timeout': invalid duration \"-1m\": must not be negative");
    assertThat(failure("--node-name", "n1", "--streaming-connection-idle-timeout", "4 hours"))
        .contains("'--streaming-connection-idle-timeout'");
  }

  @Test
  void durationFlagsDefaultAndTakeUpstreamsSyntax() {
    KubeletCommand defaults = new KubeletCommand();
    new CommandLine(defaults).parseArgs("--node-name", "n1");
    assertThat(defaults.syncPeriod).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.nodeStatusPeriod).isEqualTo(Duration.ofSeconds(10));

    KubeletCommand given = new KubeletCommand();
    new CommandLine(given).parseArgs("--node-name", "n1", "--sync-period", "1m30s",
        "--node-status-update-frequency", "500ms");
    assertThat(given.syncPeriod).isEqualTo(Duration.ofSeconds(90));
    assertThat(given.nodeStatusPeriod).isEqualTo(Duration.ofMillis(500));

    assertThatThrownBy(() -> new CommandLine(new KubeletCommand()).parseArgs("--node-name", "n1", "--sync-period", "10"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'--sync-period'").hasMessageContaining("invalid duration \"10\"");
  }

  @Test
  void tlsFlagsAreUpstreamsAndABadSuiteStopsTheStartNamingTheFlag() {
    KubeletCommand defaults = new KubeletCommand();
    new CommandLine(defaults).parseArgs("--node-name", "n1");
    assertThat(defaults.serving.tlsPolicy(defaults.spec)).isEqualTo(io.kava.client.pki.TlsPolicy.defaults());
    KubeletCommand cis = new KubeletCommand();
    new CommandLine(cis).parseArgs("--node-name", "n1", "--tls-cipher-suites", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "--tls-min-version", "VersionTLS12");
    assertThat(cis.serving.tlsPolicy(cis.spec).cipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");

    java.io.StringWriter err = new java.io.StringWriter();
    int code = new CommandLine(new KubeletCommand()).setErr(new java.io.PrintWriter(err))
        .execute("--node-name", "n1", "--tls-cipher-suites", "TLS_NOPE");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("--tls-cipher-suites: cipher suite \"TLS_NOPE\" not supported or doesn't exist");
  }
}
