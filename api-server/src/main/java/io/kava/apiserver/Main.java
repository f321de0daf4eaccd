package io.kava.apiserver;

import io.kava.apiserver.admission.DefaultTolerationSeconds;
import io.kava.apiserver.admission.config.AdmissionConfigException;
import io.kava.apiserver.encryption.EncryptionConfigException;
import io.kava.apiserver.encryption.EncryptionConfigFile;
import io.kava.client.flags.DurationConverter;
import io.kava.client.net.ServiceCidr;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The kava-api-server command: options in, config record out, then the server runs until stopped. */
@Command(name = "kava-api-server", mixinStandardHelpOptions = true, version = "kava-api-server 0.1.0",
    showDefaultValues = true, description = "Serves the Kava API over gRPC, storing objects in etcd.")
public final class Main implements Callable<Integer> {

  @Option(names = "--listen", description = "Address of the gRPC listener (host:port); repeat it to listen on more"
      + " addresses (the --advertise-address pods reach through the kubernetes Service), the first one is the main listener.",
      defaultValue = "127.0.0.1:6443")
  List<String> listen;

  @Option(names = "--etcd-servers", description = "Comma-separated etcd client URLs (env KAVA_ETCD_SERVERS).",
      defaultValue = "${env:KAVA_ETCD_SERVERS:-http://127.0.0.1:2379}")
  String etcdServers;

  @Option(names = "--etcd-prefix", description = "Key prefix of every stored object.", defaultValue = "/registry")
  String etcdPrefix;

  @Option(names = "--etcd-request-timeout", description = "Deadline of each etcd call.", defaultValue = "5s",
      converter = DurationConverter.class)
  Duration etcdRequestTimeout;

  @Option(names = "--request-timeout", description = "How long a call may take before the server ends it with DEADLINE_EXCEEDED"
      + " (upstream's 504 Timeout); watches, pod logs, exec, attach and port-forward are exempt. 0s: no limit.",
      defaultValue = "1m0s", converter = DurationConverter.class)
  Duration requestTimeout;

  @Option(names = "--event-ttl", description = "How long an Event is kept after its last write (upstream's default);"
      + " 0s: forever.", defaultValue = "1h0m0s", converter = DurationConverter.class)
  Duration eventTtl;

  @Option(names = "--watch-cache-size", description = "Events kept per resource for watches to resume from.",
      defaultValue = "10000")
  int watchCacheSize;

  @Option(names = "--watcher-queue-size", description = "Events a slow watch may fall behind before it is closed.",
      defaultValue = "1000")
  int watcherQueueSize;

  @Option(names = "--bookmark-interval", description = "How often watches get a BOOKMARK.", defaultValue = "10s",
      converter = DurationConverter.class)
  Duration bookmarkInterval;

  @Option(names = "--etcd-compaction-interval", description = "How often etcd history older than one interval is dropped (0s: never).",
      defaultValue = "5m", converter = DurationConverter.class)
  Duration compactionInterval;

  @Option(names = "--service-cluster-ip-range", description = "CIDR ClusterIPs are allocated from; its first address is the kubernetes Service's.",
      defaultValue = ServicesConfig.DEFAULT_CLUSTER_IP_RANGE)
  String serviceClusterIpRange;

  @Option(names = "--service-node-port-range", description = "Ports NodePorts are allocated from (first-last, inclusive).",
      defaultValue = ServicesConfig.DEFAULT_NODE_PORT_RANGE)
  String serviceNodePortRange;

  @Option(names = "--advertise-address", description = "IPv4 address the kubernetes Service's endpoints name (default: the --listen host).",
      defaultValue = "")
  String advertiseAddress;

  @Option(names = "--service-allocation-repair-interval", description = "How often ClusterIPs and NodePorts no Service uses are freed (0s: never).",
      defaultValue = "3m", converter = DurationConverter.class)
  Duration serviceAllocationRepairInterval;

  @Option(names = "--bootstrap-interval", description = "How often the system namespaces and the kubernetes Service are checked and recreated when missing.",
      defaultValue = "10s", converter = DurationConverter.class)
  Duration bootstrapInterval;

  @Option(names = "--default-not-ready-toleration-seconds",
      description = "tolerationSeconds of the node.kubernetes.io/not-ready:NoExecute toleration added to every pod that has none.",
      defaultValue = "300")
  long defaultNotReadyTolerationSeconds;

  @Option(names = "--default-unreachable-toleration-seconds",
      description = "tolerationSeconds of the node.kubernetes.io/unreachable:NoExecute toleration added to every pod that has none.",
      defaultValue = "300")
  long defaultUnreachableTolerationSeconds;

  // --- Certificates and TLS (docs/security.md) ---
  @Option(names = "--tls-cert-file", description = "Serving certificate (PEM); with --tls-private-key-file the listener is TLS only.")
  Path tlsCertFile;

  @Option(names = "--tls-private-key-file", description = "Private key of --tls-cert-file (PEM, PKCS#8 or PKCS#1/SEC1).")
  Path tlsPrivateKeyFile;

  @Option(names = "--client-ca-file", description = "CA bundle whose client certificates authenticate (CN user, O groups).")
  Path clientCaFile;

  @Option(names = "--anonymous-auth", description = "Let calls without credentials in as system:anonymous.",
      defaultValue = "true", arity = "1")
  boolean anonymousAuth;

  /** --tls-cipher-suites and --tls-min-version (CIS 1.2.29), shared with the kubelet. */
  @CommandLine.Mixin
  io.kava.client.flags.TlsPolicyOptions tlsPolicy = new io.kava.client.flags.TlsPolicyOptions();

  SecurityConfig security() {
    io.kava.client.pki.TlsPolicy policy = tlsPolicy.policy(spec != null ? spec.commandLine() : new CommandLine(this));
    try {
      return SecurityConfig.defaults().withAnonymousAuth(anonymousAuth)
          .withTls(new TlsConfig(tlsCertFile, tlsPrivateKeyFile, clientCaFile, policy));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
  }

  // Encryption at rest and audit (issue 12).
  @Option(names = "--encryption-provider-config",
      description = "EncryptionConfiguration file (apiserver.config.k8s.io/v1) saying which resources are encrypted in etcd and with which keys.")
  java.nio.file.Path encryptionProviderConfig;

  @CommandLine.Mixin
  AuthorizationOptions authorization = new AuthorizationOptions();

  @CommandLine.Mixin
  AuditOptions audit = new AuditOptions();

  @CommandLine.Mixin
  BackendTlsOptions backendTls = new BackendTlsOptions();

  @CommandLine.Mixin
  AdmissionOptions admission = new AdmissionOptions();

  /** Upstream's --profiling (CIS 1.2.15); Kava serves no profiling handlers. */
  @CommandLine.Mixin
  io.kava.client.flags.ProfilingOptions profiling = new io.kava.client.flags.ProfilingOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  // ServiceAccount tokens (issue 12), kube-apiserver's flags.
  @Option(names = "--service-account-signing-key-file",
      description = "PEM PKCS#8 RSA private key ServiceAccount tokens are signed with (none: tokens, their authenticator and the ServiceAccount admission are off).")
  java.nio.file.Path serviceAccountSigningKeyFile;

  @Option(names = "--service-account-key-file", split = ",",
      description = "PEM public (or private) keys ServiceAccount tokens are verified with, besides the signing key's own (repeatable).")
  List<java.nio.file.Path> serviceAccountKeyFiles = new java.util.ArrayList<>();

  @Option(names = "--service-account-issuer", description = "The iss claim of ServiceAccount tokens.",
      defaultValue = ServiceAccountConfig.DEFAULT_ISSUER)
  String serviceAccountIssuer;

  @Option(names = "--api-audiences", split = ",",
      description = "Audiences a token must name one of (default: the issuer).")
  List<String> apiAudiences = new java.util.ArrayList<>();

  @Option(names = "--service-account-extend-token-expiration", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Issue the admission's projected tokens (3607 s) for a year, with a warnafter claim, as upstream.")
  boolean serviceAccountExtendTokenExpiration;

  // Bootstrap tokens (issue 13), kube-apiserver's flag.
  @Option(names = "--enable-bootstrap-token-auth", defaultValue = "false",
      description = "Bearer tokens <id>.<secret> of the Secrets kube-system/bootstrap-token-<id> authenticate as system:bootstrap:<id> (agents joining the cluster).")
  boolean enableBootstrapTokenAuth;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ApiServerConfig config = new ApiServerConfig(address(listen.get(0)), urls(etcdServers), etcdPrefix, etcdRequestTimeout,
        watchCacheSize, watcherQueueSize, bookmarkInterval, compactionInterval, Duration.ofSeconds(1), services(),
        defaultTolerations()).withMoreListen(listen.stream().skip(1).map(Main::address).toList())
        .withRequestTimeout(requestTimeout()).withEventTtl(eventTtl);
    try {
      config = config.withSecurity(security().withEncryption(encryption()).withAuthorization(authorization.config(spec))
          .withServiceAccounts(serviceAccounts()).withBackends(backendTls.config(spec, urls(etcdServers)))
          .withAdmission(admission.config(spec)).withAudit(audit.config(spec))
          .withBootstrapTokens(BootstrapTokenConfig.enabled(enableBootstrapTokenAuth)));
    } catch (EncryptionConfigException | AdmissionConfigException e) {
      System.err.println("Error: " + e.getMessage());
      return 1;
    }
    ApiServer server;
    try {
      server = new ApiServer(config).start();
    } catch (java.io.UncheckedIOException e) {
      // An audit log that cannot be written, a port already taken: one line, no stack trace.
      System.err.println("Error: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kava-shutdown"));
    server.awaitTermination();
    return 0;
  }

  Duration requestTimeout() {
    if (requestTimeout.isNegative()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--request-timeout must not be negative");
    }
    return requestTimeout;
  }

  EncryptionConfig encryption() {
    return encryptionProviderConfig == null ? EncryptionConfig.none()
        : new EncryptionConfig(EncryptionConfigFile.load(encryptionProviderConfig));
  }

  ServiceAccountConfig serviceAccounts() {
    ServiceAccountConfig sa = new ServiceAccountConfig(java.util.Optional.ofNullable(serviceAccountSigningKeyFile),
        serviceAccountKeyFiles, serviceAccountIssuer, apiAudiences, serviceAccountExtendTokenExpiration);
    try {
      // Read the keys now, so a bad file is one clear line at start rather than a failure at the first token.
      sa.signingKeyFile().ifPresent(io.kava.apiserver.serviceaccount.KeyFiles::privateKey);
      sa.keyFiles().forEach(io.kava.apiserver.serviceaccount.KeyFiles::publicKeys);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    return sa;
  }

  DefaultTolerationSeconds defaultTolerations() {
    if (defaultNotReadyTolerationSeconds < 0 || defaultUnreachableTolerationSeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds must not be negative");
    }
    return new DefaultTolerationSeconds(defaultNotReadyTolerationSeconds, defaultUnreachableTolerationSeconds);
  }

  /** The Service flags, checked as upstream checks them at start. */
  ServicesConfig services() {
    ServicesConfig services;
    try {
      services = ServicesConfig.defaults().withClusterIpRange(serviceClusterIpRange).withNodePortRange(serviceNodePortRange);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    int prefix = services.clusterIpRange().prefixLength();
    if (prefix < 12 || prefix > 30) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--service-cluster-ip-range " + serviceClusterIpRange + " must have a prefix length of 12 to 30");
    }
    String advertise = advertiseAddress.trim();
    if (!advertise.isEmpty() && !ServiceCidr.isIpv4(advertise)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--advertise-address " + advertise + " is not an IPv4 address");
    }
    return services.withAdvertiseAddress(advertise).withRepairInterval(serviceAllocationRepairInterval)
        .withKubernetesServiceInterval(bootstrapInterval);
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new CommandLine.TypeConversionException("'" + hostPort + "' is not host:port");
    }
    try {
      return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("'" + hostPort + "' is not host:port");
    }
  }

  static List<URI> urls(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(URI::create).toList();
  }
}
