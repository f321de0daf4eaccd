package io.kava.controllermanager;

import io.kava.client.KavaClient;
import io.kava.client.flags.DurationConverter;
import io.kava.client.flags.LeaderElectionOptions;
import io.kava.client.leader.LeaderElector;
import io.kava.client.leader.LeadershipLoop;
import io.kava.controllermanager.cronjob.CronJobConfig;
import io.kava.controllermanager.job.JobConfig;
import io.kava.controllermanager.nodelifecycle.NodeLifecycleConfig;
import io.kava.controllermanager.podautoscaler.HpaConfig;
import io.kava.controllermanager.podgc.PodGcConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `kava-controller-manager`: parses flags, builds the config and hands over to {@link ControllerManager}. */
@Command(name = "kava-controller-manager", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Runs the ReplicaSet, Deployment, garbage-collector, namespace, endpoint, endpointslice, node lifecycle, taint eviction and pod garbage collection, Job, TTL-after-finished and CronJob controllers.")
public final class ControllerManagerMain implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address, or several comma-separated to fail over between (env KAVA_API_SERVER)")
  String server;

  @Option(names = "--kubeconfig", description = "kubeconfig file: the API server's CA and this component's client certificate or token (TLS); its server unless --server is given")
  java.nio.file.Path kubeconfig;

  /** The Lease is kube-system/kava-controller-manager. */
  @Mixin
  LeaderElectionOptions leaderElection;

  /** Upstream's --profiling (CIS 1.3.2); Kava serves no profiling handlers. */
  @Mixin
  io.kava.client.flags.ProfilingOptions profiling;

  // CIS 1.3.3 (issue 12): each controller as its own ServiceAccount, with its own role.
  @Option(names = "--use-service-account-credentials", defaultValue = "false", arity = "0..1", fallbackValue = "true",
      description = "If true, use individual service account credentials for each controller (kube-system/NAME, role system:controller:NAME)")
  boolean useServiceAccountCredentials;

  @Option(names = "--workers", defaultValue = "5", description = "Workers per controller")
  int workers;

  @Option(names = "--resync-period", defaultValue = "30s", converter = DurationConverter.class,
      description = "How often every cached object is reconciled again (e.g. 30s, 5m)")
  Duration resyncPeriod;

  @Option(names = "--max-endpoints-per-slice", defaultValue = "100",
      description = "Most endpoints the EndpointSlice controller puts in one slice (1 to 1000)")
  int maxEndpointsPerSlice;

  @Option(names = "--node-monitor-period", defaultValue = "5s", converter = DurationConverter.class,
      description = "How often the node lifecycle controller checks every node's health")
  Duration nodeMonitorPeriod;

  @Option(names = "--node-monitor-grace-period", defaultValue = "40s", converter = DurationConverter.class,
      description = "How long a node may go without renewing its Lease or status before it is marked Unknown")
  Duration nodeMonitorGracePeriod;

  @Option(names = "--node-startup-grace-period", defaultValue = "1m", converter = DurationConverter.class,
      description = "The same for a node that has never posted a Ready condition")
  Duration nodeStartupGracePeriod;

  @Option(names = "--node-eviction-rate", defaultValue = "0.1",
      description = "Nodes per second that get the NoExecute taint in a healthy zone")
  double nodeEvictionRate;

  @Option(names = "--secondary-node-eviction-rate", defaultValue = "0.01",
      description = "Nodes per second that get the NoExecute taint in a partially disrupted large zone")
  double secondaryNodeEvictionRate;

  @Option(names = "--unhealthy-zone-threshold", defaultValue = "0.55",
      description = "Share of NotReady nodes (at least 3) that makes a zone partially disrupted")
  double unhealthyZoneThreshold;

  @Option(names = "--large-cluster-size-threshold", defaultValue = "50",
      description = "Zones with more nodes keep the secondary eviction rate when partially disrupted; smaller ones stop")
  int largeClusterSizeThreshold;

  @Option(names = "--terminated-pod-gc-threshold", defaultValue = "12500",
      description = "Terminated pods kept before the oldest are deleted (0: keep all)")
  int terminatedPodGcThreshold;

  @Option(names = "--job-pod-failure-backoff", defaultValue = "10s", converter = DurationConverter.class,
      description = "Delay before a Job's next pod after its first failed one; doubled on each further failure")
  Duration jobPodFailureBackoff;

  @Option(names = "--job-max-pod-failure-backoff", defaultValue = "6m", converter = DurationConverter.class,
      description = "Longest delay before a Job's next pod after failures")
  Duration jobMaxPodFailureBackoff;

  @Option(names = "--cronjob-controller-time-scale", defaultValue = "1", hidden = true,
      description = "Test knob: the CronJob controller's clock runs this many times faster than the wall clock")
  double cronJobTimeScale;

  @Option(names = "--local-path-dir", defaultValue = "/var/lib/kava/local-path",
      description = "Directory under which the local-path provisioner makes one directory per claim")
  java.nio.file.Path localPathDir;

  @Option(names = "--horizontal-pod-autoscaler-sync-period", defaultValue = "15s", converter = DurationConverter.class,
      description = "The period for syncing the number of pods in horizontal pod autoscaler")
  Duration hpaSyncPeriod;

  @Option(names = "--horizontal-pod-autoscaler-downscale-stabilization", defaultValue = "5m",
      converter = DurationConverter.class,
      description = "The period for which autoscaler will look backwards and not scale down below any recommendation it made during that period")
  Duration hpaDownscaleStabilization;

  @Option(names = "--horizontal-pod-autoscaler-tolerance", defaultValue = "0.1",
      description = "The minimum change (from 1.0) in the desired-to-actual metrics ratio for the horizontal pod autoscaler to consider scaling")
  double hpaTolerance;

  @Option(names = "--horizontal-pod-autoscaler-cpu-initialization-period", defaultValue = "5m",
      converter = DurationConverter.class,
      description = "The period after pod start when CPU samples might be skipped")
  Duration hpaCpuInitializationPeriod;

  @Option(names = "--horizontal-pod-autoscaler-initial-readiness-delay", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "The period after pod start during which readiness changes will be treated as initial readiness")
  Duration hpaInitialReadinessDelay;

  @Option(names = "--resource-quota-sync-period", defaultValue = "5m", converter = DurationConverter.class,
      description = "The period for syncing quota usage status in the system")
  Duration resourceQuotaSyncPeriod;

  // Certificate signing requests (issue 12): the csrsigning controller runs when both files are given.
  @Option(names = "--cluster-signing-cert-file", paramLabel = "FILE",
      description = "PEM CA certificate the kubernetes.io signers issue certificates with")
  java.nio.file.Path clusterSigningCertFile;

  @Option(names = "--cluster-signing-key-file", paramLabel = "FILE",
      description = "PEM private key of --cluster-signing-cert-file")
  java.nio.file.Path clusterSigningKeyFile;

  @Option(names = "--cluster-signing-duration", defaultValue = "8760h", converter = DurationConverter.class,
      description = "The longest validity of the certificates issued; a request's expirationSeconds may ask for less")
  Duration clusterSigningDuration;

  // ServiceAccounts (issue 12): the CA bundle of the root-ca-cert-publisher's kube-root-ca.crt ConfigMaps.
  @Option(names = "--root-ca-file", paramLabel = "FILE",
      description = "PEM CA bundle put in every namespace's ConfigMap kube-root-ca.crt (key ca.crt) for pods to verify the API server; default: the --kubeconfig's CA")
  java.nio.file.Path rootCaFile;

  // Node IPAM (issue 13): each Node gets a spec.podCIDR from --cluster-cidr.
  @Option(names = "--allocate-node-cidrs", defaultValue = "false",
      description = "Should CIDRs for Pods be allocated and set on the cloud provider (Kava: on each Node's spec.podCIDR)")
  boolean allocateNodeCidrs;

  @Option(names = "--cluster-cidr", defaultValue = "",
      description = "CIDR Range for Pods in cluster; requires --allocate-node-cidrs to be true (e.g. 10.244.0.0/16)")
  String clusterCidr;

  @Option(names = "--node-cidr-mask-size", defaultValue = "24",
      description = "Mask size for node cidr in cluster")
  int nodeCidrMaskSize;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-endpoints-per-slice: must be between 1 and 1000, got " + maxEndpointsPerSlice);
    }
    if (nodeEvictionRate < 0 || secondaryNodeEvictionRate < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--node-eviction-rate and --secondary-node-eviction-rate must not be negative");
    }
    if (unhealthyZoneThreshold <= 0 || unhealthyZoneThreshold > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--unhealthy-zone-threshold: must be above 0 and at most 1, got " + unhealthyZoneThreshold);
    }
    if (hpaSyncPeriod.isZero() || hpaTolerance < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--horizontal-pod-autoscaler-sync-period must be above 0 and --horizontal-pod-autoscaler-tolerance not negative");
    }
    if (cronJobTimeScale <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cronjob-controller-time-scale: must be above 0");
    }
    LeaderElector.Timings timings;
    try {
      timings = leaderElection.timings();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String identity = InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID();
    ControllerManagerConfig config = new ControllerManagerConfig(server, leaderElection.leaderElect, identity,
        workers, resyncPeriod, maxEndpointsPerSlice, timings, nodeLifecycle(), new PodGcConfig(terminatedPodGcThreshold,
            PodGcConfig.defaults().period(), PodGcConfig.defaults().quarantine()),
        new JobConfig(jobPodFailureBackoff, jobMaxPodFailureBackoff), CronJobConfig.scaled(cronJobTimeScale),
        localPathDir, new HpaConfig(hpaSyncPeriod, hpaDownscaleStabilization, hpaTolerance, hpaCpuInitializationPeriod,
            hpaInitialReadinessDelay)).withSigning(signing()).withResourceQuota(resourceQuota())
        .withNodeIpam(nodeIpam());
    io.kava.client.config.ClientConfig clientConfig = io.kava.client.config.KubeConfigLoader.component(kubeconfig,
        config.server());
    ControllerManagerConfig withRootCa = config.withRootCa(rootCa(clientConfig));
    try (KavaClient client = KavaClient.connect(clientConfig)) {
      LeadershipLoop.run("Controller manager",
          () -> new ControllerManager(withRootCa, client, controllerClients(client, clientConfig),
              clients -> Controllers.all(clients, withRootCa)));
    }
    return 0;
  }

  /** One term's controller clients: the manager's own, or with the flag one ServiceAccount each on a channel of their own. */
  private io.kava.controllermanager.clientbuilder.ControllerClients controllerClients(KavaClient client,
      io.kava.client.config.ClientConfig clientConfig) {
    if (!useServiceAccountCredentials) {
      return io.kava.controllermanager.clientbuilder.ControllerClients.shared(client);
    }
    return new io.kava.controllermanager.clientbuilder.ServiceAccountClients(client,
        KavaClient.connect(io.kava.controllermanager.clientbuilder.ServiceAccountClients.withoutCredentials(clientConfig)),
        java.time.Clock.systemUTC());
  }

  io.kava.controllermanager.certificates.SigningConfig signing() {
    if ((clusterSigningCertFile == null) != (clusterSigningKeyFile == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--cluster-signing-cert-file and --cluster-signing-key-file must be given together");
    }
    return new io.kava.controllermanager.certificates.SigningConfig(clusterSigningCertFile, clusterSigningKeyFile,
        clusterSigningDuration);
  }

  /** --root-ca-file (checked to hold PEM certificates, as upstream), else the CA the kubeconfig trusts, else none. */
  String rootCa(io.kava.client.config.ClientConfig clientConfig) {
    if (rootCaFile == null) {
      return clientConfig.certificateAuthorities().isEmpty() ? ""
          : io.kava.client.pki.Pem.encode(clientConfig.certificateAuthorities().toArray(java.security.cert.X509Certificate[]::new));
    }
    try {
      io.kava.client.pki.Pem.readCertificates(rootCaFile);
      return java.nio.file.Files.readString(rootCaFile);
    } catch (io.kava.client.pki.PkiException | java.io.IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--root-ca-file: error parsing root-ca-file at "
          + rootCaFile + ": " + e.getMessage());
    }
  }

  io.kava.controllermanager.resourcequota.ResourceQuotaConfig resourceQuota() {
    try {
      return new io.kava.controllermanager.resourcequota.ResourceQuotaConfig(resourceQuotaSyncPeriod);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  io.kava.controllermanager.nodeipam.NodeIpamConfig nodeIpam() {
    try {
      return new io.kava.controllermanager.nodeipam.NodeIpamConfig(allocateNodeCidrs, clusterCidr, nodeCidrMaskSize);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  NodeLifecycleConfig nodeLifecycle() {
    return new NodeLifecycleConfig(nodeMonitorPeriod, nodeMonitorGracePeriod, nodeStartupGracePeriod, nodeEvictionRate,
        secondaryNodeEvictionRate, unhealthyZoneThreshold, largeClusterSizeThreshold);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ControllerManagerMain()).execute(args));
  }
}
