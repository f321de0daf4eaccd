package io.kava.kubelet.cmd;

import io.kava.client.KavaClient;
import io.kava.client.flags.DurationConverter;
import io.kava.kubelet.Kubelet;
import io.kava.kubelet.KubeletConfig;
import io.kava.kubelet.runtime.DockerContainerRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `kava-kubelet`: parses flags, builds the config and hands over to {@link Kubelet}. */
@Command(name = "kava-kubelet", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Runs the pods bound to this node as Docker containers and reports node and pod status.")
public final class KubeletCommand implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address, or several comma-separated to fail over between (env KAVA_API_SERVER)")
  String server;

  @Option(names = "--kubeconfig", description = "kubeconfig file: the API server's CA and this component's client certificate or token (TLS); its server unless --server is given")
  java.nio.file.Path kubeconfig;

  @Option(names = "--node-name", required = true, description = "This node's name")
  String nodeName;

  @Option(names = "--node-ip", defaultValue = "127.0.0.11",
      description = "This node's address: InternalIP, hostIP of its pods, where hostPorts are published")
  String nodeIp;

  @Option(names = "--cpu", description = "CPU capacity (e.g. 4, 1500m); default: the host's processors")
  String cpu;

  @Option(names = "--memory", description = "Memory capacity (e.g. 8Gi); default: the host's MemTotal")
  String memory;

  @Option(names = "--max-pods", defaultValue = "110", description = "Pod capacity")
  int maxPods;

  @Option(names = "--backoff-scale", defaultValue = "1.0",
      description = "Multiplies restart and image pull back-off times (10s doubling to 300s); 0.1 for tests")
  double backoffScale;

  @Option(names = "--docker-host", defaultValue = "unix:///var/run/docker.sock", description = "Docker engine address")
  String dockerHost;

  @Option(names = "--sync-period", defaultValue = "10s", converter = DurationConverter.class,
      description = "How often every pod is reconciled without events (e.g. 10s, 1m)")
  Duration syncPeriod;

  @Option(names = "--node-status-update-frequency", defaultValue = "10s", converter = DurationConverter.class,
      description = "How often node status and the node Lease are renewed")
  Duration nodeStatusPeriod;

  @Option(names = "--image-pull-fallback-local", defaultValue = "true", arity = "1",
      description = "Under imagePullPolicy Always, run a present local image when the pull fails (no registry here). Default: true")
  boolean imagePullFallbackLocal;

  @Option(names = "--registry-pulls", defaultValue = "true", arity = "1",
      description = "Pull missing images from a registry. false: never ask the engine to pull (machines without"
          + " a registry: a missing image is ErrImagePull at once and nothing leaves the machine). Default: true")
  boolean registryPulls;

  @Option(names = "--pod-infra-container-image", defaultValue = KubeletConfig.DEFAULT_POD_INFRA_IMAGE,
      description = "The sandbox image (deploy/images/pause/build.sh)")
  String podInfraImage;

  @Option(names = "--workers", defaultValue = "8", description = "Pods synced in parallel")
  int workers;

  @Option(names = "--root-dir", defaultValue = KubeletConfig.DEFAULT_ROOT_DIR,
      description = "Where pod volumes live (emptyDir, configMap, secret), in a folder per node name")
  String rootDir;

  @Option(names = "--cluster-dns", defaultValue = KubeletConfig.DEFAULT_CLUSTER_DNS, split = ",",
      description = "Comma-separated DNS server IP addresses of the cluster, the nameservers of pods with dnsPolicy"
          + " ClusterFirst; \"\" for none (such pods then use the host's resolv.conf)")
  List<String> clusterDns;

  @Option(names = "--cluster-domain", defaultValue = KubeletConfig.DEFAULT_CLUSTER_DOMAIN,
      description = "Domain for this cluster: ClusterFirst pods search <ns>.svc.<domain> svc.<domain> <domain>")
  String clusterDomain;

  @Option(names = "--resolv-conf", defaultValue = KubeletConfig.DEFAULT_RESOLV_CONF,
      description = "Resolver configuration file used as the basis of pods with dnsPolicy Default; \"\" for none")
  String resolvConf;

  @Option(names = "--port", defaultValue = "" + KubeletConfig.DEFAULT_PORT,
      description = "Port on --node-ip where the kubelet serves pod logs, exec, attach and port-forward (gRPC,"
          + " TLS with --tls-cert-file) to the API server; 0 serves nothing")
  int port;

  @Option(names = "--stats-collection-period", defaultValue = "15s", converter = DurationConverter.class,
      description = "How often each running container's CPU and memory use is read from Docker for `kavactl top`"
          + " and the HorizontalPodAutoscaler (metrics-server's --metric-resolution)")
  Duration statsPeriod;

  // CIS 4.2.13 (issue 12): picocli reads it as text so that a bad value names the flag and the rule.
  @Option(names = "--pod-max-pids", defaultValue = "-1",
      description = "Most processes each container of a pod may run, the sandbox included (Docker's PidsLimit);"
          + " -1: no limit")
  String podMaxPids;

  // CIS 4.2.5 (issue 12).
  @Option(names = "--streaming-connection-idle-timeout", defaultValue = "4h0m0s", converter = DurationConverter.class,
      description = "How long a log, exec, attach or port-forward stream may pass no bytes before the kubelet"
          + " closes it (e.g. 5m, 4h0m0s); 0: never")
  Duration streamingIdleTimeout;

  // Client certificate rotation (issue 12), as upstream's --rotate-certificates and --cert-dir.
  @Option(names = "--rotate-certificates", defaultValue = "false",
      description = "Renew the client certificate in --cert-dir through a CertificateSigningRequest before it expires")
  boolean rotateCertificates;

  @Option(names = "--cert-dir", defaultValue = "/var/lib/kubelet/pki",
      description = "Where the rotated certificates live (kubelet-client-current.pem, kubelet-server-current.pem:"
          + " certificate and key)")
  java.nio.file.Path certDir;

  // Joining with a bootstrap token (issue 13), upstream's --bootstrap-kubeconfig.
  @Option(names = "--bootstrap-kubeconfig", description = "While --kubeconfig holds no valid client certificate,"
      + " request one with these credentials (a bootstrap token) through a CertificateSigningRequest, keep it in"
      + " --cert-dir and write --kubeconfig naming it")
  java.nio.file.Path bootstrapKubeconfig;

  @CommandLine.Mixin
  io.kava.kubelet.auth.ServingOptions serving = new io.kava.kubelet.auth.ServingOptions();

  @CommandLine.Mixin
  io.kava.kubelet.network.NetworkOptions network = new io.kava.kubelet.network.NetworkOptions();

  @CommandLine.Mixin
  io.kava.kubelet.node.RegistrationOptions registrationOptions = new io.kava.kubelet.node.RegistrationOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port: must be between 0 and 65535");
    }
    if (statsPeriod.isZero() || statsPeriod.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--stats-collection-period: must be greater than 0");
    }
    if (network.problem() != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), network.problem());
    }
    if (backoffScale <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--backoff-scale: must be greater than 0");
    }
    serving.tlsPolicy(spec); // a bad --tls-cipher-suites or --tls-min-version stops the start here, before Docker or the API
    io.kava.kubelet.node.NodeRegistration registration;
    try {
      registration = registrationOptions.registration();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    KubeletConfig config = new KubeletConfig(server, nodeName, nodeIp, cpu, memory, maxPods, backoffScale,
        dockerHost, syncPeriod, imagePullFallbackLocal, podInfraImage,
        nodeStatusPeriod, workers, java.nio.file.Path.of(rootDir), registryPulls,
        clusterDnsServers(), clusterDomain.strip(), resolvConf.strip(), port, statsPeriod, podPidsLimit(),
        streamingIdleTimeout);
    CountDownLatch stopped = new CountDownLatch(1);
    if (bootstrapKubeconfig != null) {
      if (kubeconfig == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--bootstrap-kubeconfig needs --kubeconfig (where the result is written)");
      }
      try {
        new io.kava.kubelet.bootstrap.KubeletBootstrap(bootstrapKubeconfig, kubeconfig, certDir, nodeName,
            Duration.ofMinutes(15), java.time.Clock.systemUTC()).ensure();
      } catch (io.kava.client.ApiException | io.kava.client.config.KubeConfigException | IllegalStateException e) {
        System.err.println("Error: the bootstrap of the client certificate failed: " + e.getMessage());
        return 1;
      }
    }
    var clientConfig = io.kava.client.config.KubeConfigLoader.component(kubeconfig, config.server());
    // With rotation the connection presents the newest certificate of --cert-dir (RotatingCertificate.client).
    var connectionCertificate = rotateCertificates ? io.kava.kubelet.certificate.RotatingCertificate.client(
        new io.kava.kubelet.certificate.CertificateStore(certDir, java.time.Clock.systemUTC()), clientConfig.clientCertificate()) : null;
    // With serving rotation every handshake of the kubelet's listener reads the newest serving certificate.
    var servingCertificate = serving.rotateServerCertificates() ? io.kava.kubelet.certificate.RotatingCertificate.serving(
        io.kava.kubelet.certificate.CertificateStore.serving(certDir, java.time.Clock.systemUTC()),
        serving.certificateFiles(spec)) : null;
    try (KavaClient client = KavaClient.connect(clientConfig, connectionCertificate);
        DockerContainerRuntime runtime = DockerContainerRuntime.connect(config.dockerHost());
        Kubelet kubelet = new Kubelet(config, client, network.podRuntime(runtime, config.nodeDir()), java.time.Clock.systemUTC(),
            serving.serving(spec, nodeName, new io.kava.client.AccessReviewClient(client), servingCertificate))) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        kubelet.close();
        stopped.countDown();
      }));
      kubelet.registerWith(registration);
      kubelet.start();
      try (var rotation = rotateCertificates ? certificateManager(client, connectionCertificate) : null;
          var servingRotation = servingCertificate != null ? servingCertificateManager(client, servingCertificate) : null) {
        stopped.await();
      }
    }
    return 0;
  }

  /** The client certificate rotation: each new certificate is the API connection's from its next connection on. */
  private io.kava.kubelet.certificate.CertificateManager certificateManager(KavaClient client,
      io.kava.kubelet.certificate.RotatingCertificate connection) {
    var csrs = client.resource(io.kava.api.certificates.v1.CertificateSigningRequest.class);
    var manager = io.kava.kubelet.certificate.CertificateManager.client(nodeName,
        new io.kava.kubelet.certificate.CertificateStore(certDir, java.time.Clock.systemUTC()),
        new io.kava.kubelet.certificate.ApiCertificateSigner(csrs, Duration.ofSeconds(1)), Duration.ofMinutes(15),
        java.time.Clock.systemUTC(), Math::random);
    manager.onRotate(material -> connection.rotated(material, client.channel()));
    manager.start();
    return manager;
  }

  /**
   * The serving certificate rotation: names are the node's Hostname and InternalIP addresses as its status
   * reports them (--node-name, --node-ip), which the controller manager's approver checks against the Node.
   */
  private io.kava.kubelet.certificate.CertificateManager servingCertificateManager(KavaClient client,
      io.kava.kubelet.certificate.RotatingCertificate serving) {
    var template = io.kava.kubelet.certificate.CertificateTemplate.serving(nodeName, List.of(nodeName), List.of(nodeIp));
    var manager = new io.kava.kubelet.certificate.CertificateManager(template,
        io.kava.kubelet.certificate.CertificateStore.serving(certDir, java.time.Clock.systemUTC()),
        io.kava.kubelet.certificate.ApiCertificateSigner.forTemplate(
            client.resource(io.kava.api.certificates.v1.CertificateSigningRequest.class), template, Duration.ofSeconds(1)),
        Duration.ofMinutes(15), java.time.Clock.systemUTC(), Math::random);
    manager.onRotate(serving::rotated);
    manager.start();
    return manager;
  }

  /** An integer of at least -1 (upstream's "no limit"). */
  private long podPidsLimit() {
    long limit;
    try {
      limit = Long.parseLong(podMaxPids.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--pod-max-pids: \"" + podMaxPids
          + "\" is not an integer");
    }
    if (limit < -1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--pod-max-pids: must be -1 (no limit) or more, not "
          + limit);
    }
    return limit;
  }

  /** Upstream's --cluster-dns: IP addresses only. */
  private List<String> clusterDnsServers() {
    List<String> servers = new ArrayList<>();
    for (String s : clusterDns == null ? List.<String>of() : clusterDns) {
      String ip = s.strip();
      if (ip.isEmpty()) {
        continue;
      }
      if (!InetAddresses.isIpLiteral(ip)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--cluster-dns: \"" + ip
            + "\" is not an IP address");
      }
      servers.add(ip);
    }
    return servers;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KubeletCommand()).execute(args));
  }
}
