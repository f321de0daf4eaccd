package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: defaults, parsing and help. */
class MainTest {
  @Test
  void parsesOptionsWithUnits() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--listen", "127.0.0.1:7443", "--etcd-servers", "http://127.0.0.1:1,http://127.0.0.1:2",
        "--bookmark-interval", "500ms", "--etcd-compaction-interval", "0s");
    assertThat(main.listen).containsExactly("127.0.0.1:7443");
    assertThat(Main.urls(main.etcdServers)).containsExactly(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"));
    assertThat(main.bookmarkInterval).isEqualTo(Duration.ofMillis(500));
    assertThat(main.compactionInterval).isZero();
  }

  @Test
  void listenGivenTwiceServesBothAddresses() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--listen", "127.0.0.1:7443", "--listen", "172.17.0.1:7443");
    assertThat(main.listen).containsExactly("127.0.0.1:7443", "172.17.0.1:7443");
  }

  @Test
  void hasDefaults() {
    Main main = new Main();
    new CommandLine(main).parseArgs();
    assertThat(main.listen).containsExactly("127.0.0.1:6443");
    assertThat(main.etcdServers).isNotEmpty();
    assertThat(main.etcdRequestTimeout).isEqualTo(Duration.ofSeconds(5));
    assertThat(main.compactionInterval).isEqualTo(Duration.ofMinutes(5));
    assertThat(main.bookmarkInterval).isEqualTo(Duration.ofSeconds(10));
    assertThat(main.serviceAllocationRepairInterval).isEqualTo(Duration.ofMinutes(3));
    assertThat(main.eventTtl).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void eventTtlTakesUnitsAndRefusesANegativeValue() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--event-ttl", "30m");
    assertThat(main.eventTtl).isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(() -> new CommandLine(new Main()).parseArgs("--event-ttl", "-1s"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("Invalid value for option '--event-ttl': invalid duration \"-1s\": must not be negative");
  }

  @Test
  void cisFlagsParseAsKubeBenchReadsThem() {
    Main defaults = new Main();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.profiling.profiling).isTrue();
    assertThat(defaults.serviceAccountExtendTokenExpiration).isTrue();
    Main cis = new Main();
    new CommandLine(cis).parseArgs("--profiling=false", "--service-account-extend-token-expiration=false");
    assertThat(cis.profiling.profiling).isFalse();
    assertThat(cis.serviceAccountExtendTokenExpiration).isFalse();
    assertThat(cis.serviceAccounts().extendTokenExpiration()).isFalse();
  }

  @Test
  void refusesBadValuesWithOneLine() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("--bookmark-interval", "ten");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--bookmark-interval': invalid duration \"ten\"");
    assertThatThrownBy(() -> Main.address("nohost")).hasMessageContaining("is not host:port");
  }

  @Test
  void tlsFlagsAreUpstreamsAndABadSuiteOrVersionIsOneLineNamingTheFlag() {
    Main defaults = new Main();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.security().tls().policy()).isEqualTo(io.kava.client.pki.TlsPolicy.defaults());
    Main cis = new Main();
    new CommandLine(cis).parseArgs("--tls-cipher-suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256",
        "--tls-min-version", "VersionTLS13");
    assertThat(cis.security().tls().policy().cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256");
    assertThat(cis.security().tls().policy().protocols()).containsExactly("TLSv1.3");

    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("--tls-cipher-suites", "TLS_RSA_WITH_RC4_128_SHA");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("--tls-cipher-suites: cipher suite \"TLS_RSA_WITH_RC4_128_SHA\" is not available");
    StringWriter versionErr = new StringWriter();
    code = new CommandLine(new Main()).setErr(new PrintWriter(versionErr)).execute("--tls-min-version", "VersionTLS14");
    assertThat(code).isEqualTo(2);
    assertThat(versionErr.toString()).startsWith("--tls-min-version: unknown tls version \"VersionTLS14\"");
  }

  @Test
  void serviceFlagsDefaultAsUpstreamAndParse() {
    Main defaults = new Main();
    new CommandLine(defaults).parseArgs();
    ServicesConfig services = defaults.services();
    assertThat(services.clusterIpRange()).hasToString("10.96.0.0/16");
    assertThat(services.nodePortRange()).hasToString("30000-32767");
    assertThat(services.advertiseAddress()).isEmpty();
    Main main = new Main();
    new CommandLine(main).parseArgs("--service-cluster-ip-range", "10.200.3.0/24", "--service-node-port-range", "31000-31999",
        "--advertise-address", "127.0.0.5", "--service-allocation-repair-interval", "10s");
    services = main.services();
    assertThat(services.clusterIpRange().address(1)).isEqualTo("10.200.3.1");
    assertThat(services.nodePortRange().size()).isEqualTo(1000);
    assertThat(services.advertiseAddress()).isEqualTo("127.0.0.5");
    assertThat(services.repairInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void admissionPluginFlagsChangeUpstreamsDefaultSetAndRefuseUnknownNames() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--enable-admission-plugins", "NodeRestriction", "--disable-admission-plugins",
        "ResourceQuota,LimitRanger");
    AdmissionConfig admission = main.admission.config(main.spec);
    assertThat(admission.enabled()).contains("NodeRestriction", "PodSecurity").doesNotContain("ResourceQuota", "LimitRanger");

    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("--enable-admission-plugins", "Quota");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("enable-admission-plugins plugin \"Quota\" is unknown");
  }

  @Test
  void refusesBadServiceFlags() {
    for (String[] args : new String[][] {
        {"--service-cluster-ip-range", "10.96.0.0"}, {"--service-cluster-ip-range", "10.0.0.0/8"},
        {"--service-node-port-range", "32767-30000"}, {"--advertise-address", "localhost"}}) {
      Main main = new Main();
      new CommandLine(main).parseArgs(args);
      assertThatThrownBy(main::services).as(String.join(" ", args)).isInstanceOf(CommandLine.ParameterException.class);
    }
  }

  @Test
  void auditFlagsAreKubeApiserversAndABadPolicyIsOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path policy = java.nio.file.Files.writeString(dir.resolve("policy.yaml"),
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n");
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    cli.parseArgs("--audit-policy-file", policy.toString(), "--audit-log-path", "-", "--audit-log-maxsize", "100",
        "--audit-log-maxbackup", "10", "--audit-log-maxage", "30");
    AuditConfig audit = main.audit.config(cli.getCommandSpec());
    assertThat(audit.enabled()).isTrue();
    assertThat(java.util.List.of(audit.maxSizeMegabytes(), audit.maxBackups(), audit.maxAgeDays())).containsExactly(100, 10, 30);
    assertThat(audit.mode()).isEqualTo("batch");
    Main noPath = new Main();
    CommandLine noPathCli = new CommandLine(noPath);
    noPathCli.parseArgs("--audit-policy-file", policy.toString());
    assertThat(noPath.audit.config(noPathCli.getCommandSpec()).enabled()).as("no --audit-log-path: no audit").isFalse();
    java.nio.file.Files.writeString(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Everything\n");
    Main bad = new Main();
    CommandLine badCli = new CommandLine(bad);
    badCli.parseArgs("--audit-policy-file", policy.toString(), "--audit-log-path", "x.log");
    assertThatThrownBy(() -> bad.audit.config(badCli.getCommandSpec())).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("rules[0].level: Unsupported value: \"Everything\"");
  }

  @Test
  void helpShowsDefaults() {
    StringWriter out = new StringWriter();
    new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(out.toString()).contains("--etcd-servers").contains("Default: 127.0.0.1:6443").contains("KAVA_ETCD_SERVERS");
  }

  @Test
  void requestTimeoutDefaultsToUpstreamsMinuteAndParsesGoDurations() {
    Main defaults = new Main();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofMinutes(1));
    Main main = new Main();
    new CommandLine(main).parseArgs("--request-timeout", "1m30s");
    assertThat(main.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
    Main off = new Main();
    new CommandLine(off).parseArgs("--request-timeout=0s");
    assertThat(off.requestTimeout()).isZero();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("--request-timeout", "soon");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--request-timeout': invalid duration \"soon\"");
    StringWriter help = new StringWriter();
    new CommandLine(new Main()).setOut(new PrintWriter(help)).execute("--help");
    assertThat(help.toString()).contains("--request-timeout=<requestTimeout>").contains("Default: 1m0s")
        .contains("--admission-control-config-file=FILE");
  }

  @Test
  void admissionControlConfigFileGivesEventRateLimitItsLimits(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path file = eventRateLimitConfig(dir, 50);
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    cli.parseArgs("--enable-admission-plugins=NodeRestriction,EventRateLimit", "--admission-control-config-file", file.toString());
    AdmissionConfig admission = main.admission.config(cli.getCommandSpec());
    assertThat(admission.enabled()).contains("EventRateLimit", "NodeRestriction");
    assertThat(admission.eventRateLimit()).hasValueSatisfying(c -> assertThat(c.limits()).hasSize(1));
  }

  /** An AdmissionConfiguration file giving EventRateLimit one Server limit of {@code qps} (burst 100). */
  private static java.nio.file.Path eventRateLimitConfig(java.nio.file.Path dir, int qps) throws java.io.IOException {
    return java.nio.file.Files.writeString(dir.resolve("admission.yaml"), """
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
          - name: EventRateLimit
            configuration:
              apiVersion: eventratelimit.admission.k8s.io/v1alpha1
              kind: Configuration
              limits:
                - {type: Server, qps: %d, burst: 100}
        """.formatted(qps));
  }

  /** Runs the command to its end (it fails before any server starts) and answers its exit code and stderr. */
  private static java.util.Map.Entry<Integer, String> runFailing(String... args) {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute(args);
    } finally {
      System.setErr(saved);
    }
    return java.util.Map.entry(code, err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void eventRateLimitWithoutAConfigurationOrWithABadOneStopsTheStartWithOneLine(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    var missing = runFailing("--enable-admission-plugins=EventRateLimit");
    assertThat(missing.getKey()).isEqualTo(1);
    assertThat(missing.getValue()).startsWith("Error: couldn't init admission plugin \"EventRateLimit\": missing configuration")
        .doesNotContain("\tat ").hasLineCount(1);

    java.nio.file.Path file = eventRateLimitConfig(dir, 0);
    var bad = runFailing("--enable-admission-plugins=EventRateLimit", "--admission-control-config-file", file.toString());
    assertThat(bad.getKey()).isEqualTo(1);
    assertThat(bad.getValue()).isEqualTo("Error: --admission-control-config-file " + file
        + ": plugins[0].configuration: limits[0].qps: Invalid value: 0: must be positive" + System.lineSeparator());

    var absent = runFailing("--admission-control-config-file", dir.resolve("none.yaml").toString());
    assertThat(absent.getKey()).isEqualTo(1);
    assertThat(absent.getValue()).startsWith("Error: --admission-control-config-file " + dir.resolve("none.yaml")
        + ": cannot be read: NoSuchFileException").hasLineCount(1);
  }
}
