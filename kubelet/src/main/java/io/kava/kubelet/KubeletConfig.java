package io.kava.kubelet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The kubelet's settings, immutable, as the command line gave them.
 *
 * @param cpu capacity override ("4", "1500m"); null detects the host's
 * @param memory capacity override ("8Gi"); null reads /proc/meminfo
 * @param backoffScale multiplies restart and image-pull backoff times (tests use 0.1)
 * @param syncPeriod how often every pod is reconciled even without events, and orphans are looked for
 * @param imagePullFallbackLocal under imagePullPolicy Always, use a present local image when the pull fails
 * @param rootDir where pod volumes live, under a folder per node name (several kubelets share a machine)
 * @param registryPulls whether images may be pulled from a registry at all; false keeps the engine from
 *     even looking one up, on machines that have none
 * @param clusterDns the cluster DNS servers pods with dnsPolicy ClusterFirst use (upstream's --cluster-dns);
 *     empty: such pods fall back to the host's resolv.conf
 * @param clusterDomain the cluster's DNS domain (--cluster-domain), searched by ClusterFirst pods
 * @param resolvConf the host's resolv.conf, the base of dnsPolicy Default (--resolv-conf); "" for none
 * @param statsPeriod how often the container stats behind `kavactl top` and the autoscaler are read from
 *     Docker (--stats-collection-period, metrics-server's resolution)
 * @param port where the kubelet serves pod logs, exec, attach and port-forward on nodeIp (--port); 0 serves
 *     nothing (in-process tests)
 * @param podPidsLimit most processes of each container of a pod, the sandbox included (--pod-max-pids);
 *     -1 (upstream's default) or 0 for none
 * @param streamingIdleTimeout how long a log, exec, attach or port-forward stream may pass no bytes before
 *     the kubelet closes it (--streaming-connection-idle-timeout); zero for never
 */
public record KubeletConfig(
    String server,
    String nodeName,
    String nodeIp,
    String cpu,
    String memory,
    int maxPods,
    double backoffScale,
    String dockerHost,
    Duration syncPeriod,
    boolean imagePullFallbackLocal,
    String podInfraImage,
    Duration nodeStatusPeriod,
    int workers,
    Path rootDir,
    boolean registryPulls,
    List<String> clusterDns,
    String clusterDomain,
    String resolvConf,
    int port,
    Duration statsPeriod,
    long podPidsLimit,
    Duration streamingIdleTimeout) {

  public static final String DEFAULT_POD_INFRA_IMAGE = "kava/pause:3.9";
  public static final String DEFAULT_ROOT_DIR = "/var/lib/kava/kubelet";
  public static final String DEFAULT_CLUSTER_DNS = "10.96.0.10";
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
  public static final String DEFAULT_RESOLV_CONF = "/etc/resolv.conf";
  /** Upstream's kubelet port. */
  public static final int DEFAULT_PORT = 10250;
  /** metrics-server's default --metric-resolution. */
  public static final Duration DEFAULT_STATS_PERIOD = Duration.ofSeconds(15);

  /** Upstream's --pod-max-pids default: no limit. */
  public static final long DEFAULT_POD_PIDS_LIMIT = -1;
  /** Upstream's --streaming-connection-idle-timeout default. */
  public static final Duration DEFAULT_STREAMING_IDLE_TIMEOUT = Duration.ofHours(4);

  public KubeletConfig {
    clusterDns = List.copyOf(clusterDns);
  }

  /** Upstream's defaults for the process limit and the streams' idle timeout. */
  public KubeletConfig(String server, String nodeName, String nodeIp, String cpu, String memory, int maxPods,
      double backoffScale, String dockerHost, Duration syncPeriod, boolean imagePullFallbackLocal, String podInfraImage,
      Duration nodeStatusPeriod, int workers, Path rootDir, boolean registryPulls, List<String> clusterDns,
      String clusterDomain, String resolvConf, int port, Duration statsPeriod) {
    this(server, nodeName, nodeIp, cpu, memory, maxPods, backoffScale, dockerHost, syncPeriod, imagePullFallbackLocal,
        podInfraImage, nodeStatusPeriod, workers, rootDir, registryPulls, clusterDns, clusterDomain, resolvConf, port,
        statsPeriod, DEFAULT_POD_PIDS_LIMIT, DEFAULT_STREAMING_IDLE_TIMEOUT);
  }

  /** Defaults for everything but where to connect and who we are (tests). */
  public static KubeletConfig defaults(String server, String nodeName, String nodeIp) {
    return new KubeletConfig(server, nodeName, nodeIp, null, null, 110, 1.0, "unix:///var/run/docker.sock",
        Duration.ofSeconds(10), true, DEFAULT_POD_INFRA_IMAGE, Duration.ofSeconds(10), 8, Path.of(DEFAULT_ROOT_DIR), true,
        List.of(DEFAULT_CLUSTER_DNS), DEFAULT_CLUSTER_DOMAIN, DEFAULT_RESOLV_CONF, 0, DEFAULT_STATS_PERIOD,
        DEFAULT_POD_PIDS_LIMIT, DEFAULT_STREAMING_IDLE_TIMEOUT);
  }

  /** This node's own folder under the root. */
  public Path nodeDir() {
    return rootDir.resolve(nodeName);
  }

  public KubeletConfig withRootDir(Path dir) {
    return with(b -> b.rootDir = dir);
  }

  public KubeletConfig withRegistryPulls(boolean pulls) {
    return with(b -> b.registryPulls = pulls);
  }

  public KubeletConfig withClusterDns(List<String> servers, String domain) {
    return with(b -> {
      b.clusterDns = servers;
      b.clusterDomain = domain;
    });
  }

  public KubeletConfig withPodPidsLimit(long limit) {
    return with(b -> b.podPidsLimit = limit);
  }

  public KubeletConfig withStreamingIdleTimeout(Duration timeout) {
    return with(b -> b.streamingIdleTimeout = timeout);
  }

  public KubeletConfig withPort(int streamingPort) {
    return with(b -> b.port = streamingPort);
  }

  public KubeletConfig withStatsPeriod(Duration period) {
    return with(b -> b.statsPeriod = period);
  }

  public KubeletConfig withBackoffScale(double scale) {
    return with(b -> b.backoffScale = scale);
  }

  public KubeletConfig withSyncPeriod(Duration period) {
    return with(b -> b.syncPeriod = period);
  }

  public KubeletConfig withNodeStatusPeriod(Duration period) {
    return with(b -> b.nodeStatusPeriod = period);
  }

  /** A copy with the fields the change sets on a builder that starts as this config. */
  private KubeletConfig with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /** The mutable twin of the record, so that each {@code with...} names only the field it changes. */
  private static final class Builder {
    String server;
    String nodeName;
    String nodeIp;
    String cpu;
    String memory;
    int maxPods;
    double backoffScale;
    String dockerHost;
    Duration syncPeriod;
    boolean imagePullFallbackLocal;
    String podInfraImage;
    Duration nodeStatusPeriod;
    int workers;
    Path rootDir;
    boolean registryPulls;
    List<String> clusterDns;
    String clusterDomain;
    String resolvConf;
    int port;
    Duration statsPeriod;
    long podPidsLimit;
    Duration streamingIdleTimeout;

    Builder(KubeletConfig c) {
      server = c.server;
      nodeName = c.nodeName;
      nodeIp = c.nodeIp;
      cpu = c.cpu;
      memory = c.memory;
      maxPods = c.maxPods;
      backoffScale = c.backoffScale;
      dockerHost = c.dockerHost;
      syncPeriod = c.syncPeriod;
      imagePullFallbackLocal = c.imagePullFallbackLocal;
      podInfraImage = c.podInfraImage;
      nodeStatusPeriod = c.nodeStatusPeriod;
      workers = c.workers;
      rootDir = c.rootDir;
      registryPulls = c.registryPulls;
      clusterDns = c.clusterDns;
      clusterDomain = c.clusterDomain;
      resolvConf = c.resolvConf;
      port = c.port;
      statsPeriod = c.statsPeriod;
      podPidsLimit = c.podPidsLimit;
      streamingIdleTimeout = c.streamingIdleTimeout;
    }

    KubeletConfig build() {
      return new KubeletConfig(server, nodeName, nodeIp, cpu, memory, maxPods, backoffScale, dockerHost, syncPeriod, imagePullFallbackLocal, podInfraImage, nodeStatusPeriod, workers, rootDir, registryPulls, clusterDns, clusterDomain, resolvConf, port, statsPeriod, podPidsLimit, streamingIdleTimeout);
    }
  }
}
