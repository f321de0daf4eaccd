package io.kava.proxy;

import io.kava.client.net.ServiceCidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Everything kube-proxy is started with, independent of how it was parsed.
 *
 * @param clusterTag the prefix of every chain of this cluster (upstream: "KUBE")
 * @param serviceCidr the service range, guarded as a whole
 * @param clusterCidr the pod range; traffic to a cluster IP from outside it is masqueraded ("" = none)
 * @param localhostNodePorts NodePorts also answer on 127.0.0.0/8 (sets route_localnet=1)
 * @param runDir where the route_localnet value found before Kava is recorded (shared by all clusters of a host)
 * @param hairpinBridge the pods' bridge whose ports get hairpin mode ("" = leave them alone)
 * @param networkPolicy enforce NetworkPolicies in filter FORWARD (docs/kube-proxy.md#network-policy)
 */
public record KubeProxyConfig(
    String server,
    String clusterTag,
    String serviceCidr,
    String clusterCidr,
    Duration minSyncPeriod,
    Duration syncPeriod,
    boolean localhostNodePorts,
    Path runDir,
    String hairpinBridge,
    boolean networkPolicy) {
  public static final String DEFAULT_TAG = "KAVA";
  public static final String DEFAULT_SERVICE_CIDR = ServiceCidr.DEFAULT;
  /** Docker's bridge, where Kava's pods live. */
  public static final String DEFAULT_CLUSTER_CIDR = "172.17.0.0/16";
  public static final String DEFAULT_BRIDGE = "docker0";
  public static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  public KubeProxyConfig {
    new ChainNames(clusterTag); // validates
    checkCidr("--service-cluster-ip-range", serviceCidr);
    if (!clusterCidr.isEmpty()) {
      checkCidr("--cluster-cidr", clusterCidr);
    }
    if (minSyncPeriod.isNegative() || syncPeriod.isNegative() || syncPeriod.isZero()) {
      throw new IllegalArgumentException("Sync periods must be positive");
    }
  }

  /** With NetworkPolicy enforcement on, the default. */
  public KubeProxyConfig(String server, String clusterTag, String serviceCidr, String clusterCidr, Duration minSyncPeriod,
      Duration syncPeriod, boolean localhostNodePorts, Path runDir, String hairpinBridge) {
    this(server, clusterTag, serviceCidr, clusterCidr, minSyncPeriod, syncPeriod, localhostNodePorts, runDir,
        hairpinBridge, true);
  }

  public ChainNames chainNames() {
    return new ChainNames(clusterTag);
  }

  private static void checkCidr(String flag, String cidr) {
    var m = CIDR.matcher(cidr);
    boolean ok = m.matches() && Integer.parseInt(m.group(5)) <= 32;
    for (int i = 1; ok && i <= 4; i++) {
      ok = Integer.parseInt(m.group(i)) <= 255;
    }
    if (!ok) {
      throw new IllegalArgumentException("Invalid " + flag + " '" + cidr + "': an IPv4 CIDR such as 10.96.0.0/16");
    }
  }
}
