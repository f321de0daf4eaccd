package io.kava.controllermanager;

import io.kava.client.leader.LeaderElector;
import io.kava.controllermanager.certificates.SigningConfig;
import io.kava.controllermanager.cronjob.CronJobConfig;
import io.kava.controllermanager.job.JobConfig;
import io.kava.controllermanager.nodelifecycle.NodeLifecycleConfig;
import io.kava.controllermanager.podautoscaler.HpaConfig;
import io.kava.controllermanager.podgc.PodGcConfig;
import io.kava.controllermanager.resourcequota.ResourceQuotaConfig;
import java.nio.file.Path;
import java.time.Duration;

/** Everything the controller manager is started with, independent of how it was parsed. */
public record ControllerManagerConfig(
    String server,
    boolean leaderElect,
    String identity,
    int workers,
    Duration resyncPeriod,
    int maxEndpointsPerSlice,
    LeaderElector.Timings leaderElection,
    NodeLifecycleConfig nodeLifecycle,
    PodGcConfig podGc,
    JobConfig jobs,
    CronJobConfig cronJobs,
    Path localPathDir,
    HpaConfig hpa,
    SigningConfig signing,
    String rootCa,
    ResourceQuotaConfig resourceQuota,
    io.kava.controllermanager.nodeipam.NodeIpamConfig nodeIpam) {

  /** Where the local-path provisioner makes its directories unless --local-path-dir says otherwise. */
  public static final Path DEFAULT_LOCAL_PATH_DIR = Path.of("/var/lib/kava/local-path");

  /** Upstream --max-endpoints-per-slice default. */
  public static final int DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

  public ControllerManagerConfig(String server, boolean leaderElect, String identity, int workers,
      Duration resyncPeriod) {
    this(server, leaderElect, identity, workers, resyncPeriod, DEFAULT_MAX_ENDPOINTS_PER_SLICE);
  }

  public ControllerManagerConfig(String server, boolean leaderElect, String identity, int workers,
      Duration resyncPeriod, int maxEndpointsPerSlice) {
    this(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice,
        LeaderElector.Timings.DEFAULTS);
  }

  public ControllerManagerConfig(String server, boolean leaderElect, String identity, int workers,
      Duration resyncPeriod, int maxEndpointsPerSlice, LeaderElector.Timings leaderElection) {
    this(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice, leaderElection,
        NodeLifecycleConfig.defaults(), PodGcConfig.defaults());
  }

  public ControllerManagerConfig(String server, boolean leaderElect, String identity, int workers,
      Duration resyncPeriod, int maxEndpointsPerSlice, NodeLifecycleConfig nodeLifecycle, PodGcConfig podGc) {
    this(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice,
        LeaderElector.Timings.DEFAULTS, nodeLifecycle, podGc);
  }

  public ControllerManagerConfig(String server, boolean leaderElect, String identity, int workers,
      Duration resyncPeriod, int maxEndpointsPerSlice, LeaderElector.Timings leaderElection,
      NodeLifecycleConfig nodeLifecycle, PodGcConfig podGc) {
    this(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice, leaderElection, nodeLifecycle,
        podGc, JobConfig.defaults(), CronJobConfig.defaults(), DEFAULT_LOCAL_PATH_DIR, HpaConfig.defaults());
  }

  /** All but the CSR signer's settings (which is then off). */
  public ControllerManagerConfig(String server, boolean leaderElect, String identity, int workers,
      Duration resyncPeriod, int maxEndpointsPerSlice, LeaderElector.Timings leaderElection,
      NodeLifecycleConfig nodeLifecycle, PodGcConfig podGc, JobConfig jobs, CronJobConfig cronJobs, Path localPathDir,
      HpaConfig hpa) {
    this(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice, leaderElection, nodeLifecycle,
        podGc, jobs, cronJobs, localPathDir, hpa, SigningConfig.disabled());
  }

  /** All but the root CA bundle (the root-ca-cert-publisher is then off) and the quota settings (defaults). */
  public ControllerManagerConfig(String server, boolean leaderElect, String identity, int workers,
      Duration resyncPeriod, int maxEndpointsPerSlice, LeaderElector.Timings leaderElection,
      NodeLifecycleConfig nodeLifecycle, PodGcConfig podGc, JobConfig jobs, CronJobConfig cronJobs, Path localPathDir,
      HpaConfig hpa, SigningConfig signing) {
    this(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice, leaderElection, nodeLifecycle,
        podGc, jobs, cronJobs, localPathDir, hpa, signing, "", ResourceQuotaConfig.defaults(),
        io.kava.controllermanager.nodeipam.NodeIpamConfig.disabled());
  }

  public ControllerManagerConfig withSigning(SigningConfig signing) {
    return new ControllerManagerConfig(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice,
        leaderElection, nodeLifecycle, podGc, jobs, cronJobs, localPathDir, hpa, signing, rootCa, resourceQuota, nodeIpam);
  }

  /**
   * The PEM CA bundle the root-ca-cert-publisher puts in every namespace's kube-root-ca.crt (--root-ca-file,
   * else the kubeconfig's CA); empty: none, the publisher does not run.
   */
  public ControllerManagerConfig withRootCa(String rootCa) {
    return new ControllerManagerConfig(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice,
        leaderElection, nodeLifecycle, podGc, jobs, cronJobs, localPathDir, hpa, signing, rootCa, resourceQuota, nodeIpam);
  }

  public ControllerManagerConfig withResourceQuota(ResourceQuotaConfig quota) {
    return new ControllerManagerConfig(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice,
        leaderElection, nodeLifecycle, podGc, jobs, cronJobs, localPathDir, hpa, signing, rootCa, quota, nodeIpam);
  }

  /** The node IPAM controller's settings (issue 13: --allocate-node-cidrs, --cluster-cidr, --node-cidr-mask-size). */
  public ControllerManagerConfig withNodeIpam(io.kava.controllermanager.nodeipam.NodeIpamConfig ipam) {
    return new ControllerManagerConfig(server, leaderElect, identity, workers, resyncPeriod, maxEndpointsPerSlice,
        leaderElection, nodeLifecycle, podGc, jobs, cronJobs, localPathDir, hpa, signing, rootCa, resourceQuota, ipam);
  }
}
