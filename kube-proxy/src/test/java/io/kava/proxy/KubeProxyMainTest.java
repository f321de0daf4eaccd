package io.kava.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The duration flags (defaults, upstream's syntax, a bad value named with its flag) and --route-pod-cidrs. */
class KubeProxyMainTest {
  @Test
  void durationFlagsDefaultAndTakeUpstreamsSyntax() {
    KubeProxyMain defaults = new KubeProxyMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.minSyncPeriod).isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.syncPeriod).isEqualTo(Duration.ofSeconds(30));

    KubeProxyMain given = new KubeProxyMain();
    new CommandLine(given).parseArgs("--iptables-min-sync-period", "0", "--iptables-sync-period", "1m30s");
    assertThat(given.minSyncPeriod).isZero();
    assertThat(given.syncPeriod).isEqualTo(Duration.ofSeconds(90));

    assertThatThrownBy(() -> new CommandLine(new KubeProxyMain()).parseArgs("--iptables-sync-period", "30"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'--iptables-sync-period'").hasMessageContaining("invalid duration \"30\"");
  }

  @Test
  void routePodCidrsIsOffByDefaultAndNeedsAClusterCidr() {
    KubeProxyMain defaults = new KubeProxyMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.routePodCidrs).isFalse();

    java.io.StringWriter err = new java.io.StringWriter();
    int code = new CommandLine(new KubeProxyMain()).setErr(new java.io.PrintWriter(err))
        .execute("--route-pod-cidrs", "--cluster-cidr", "");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--route-pod-cidrs needs --cluster-cidr");
  }
}
