package io.kava.apiserver;

import io.kava.apiserver.allocator.PortRange;
import io.kava.client.net.ServiceCidr;
import java.time.Duration;

/**
 * How the API server serves Services.
 *
 * @param clusterIpRange the range ClusterIPs come from (--service-cluster-ip-range); its first address is the kubernetes Service's
 * @param nodePortRange the range NodePorts come from (--service-node-port-range)
 * @param advertiseAddress the IP the kubernetes Service's endpoints name (--advertise-address; empty: the listen address)
 * @param repairInterval how often leaked ClusterIPs and NodePorts are looked for (0: never)
 * @param kubernetesServiceInterval how often the kubernetes Service and its endpoints are checked
 */
public record ServicesConfig(ServiceCidr clusterIpRange, PortRange nodePortRange, String advertiseAddress,
    Duration repairInterval, Duration kubernetesServiceInterval) {

  public static final String DEFAULT_CLUSTER_IP_RANGE = ServiceCidr.DEFAULT;
  public static final String DEFAULT_NODE_PORT_RANGE = "30000-32767";

  public static ServicesConfig defaults() {
    return new ServicesConfig(ServiceCidr.parse(DEFAULT_CLUSTER_IP_RANGE), PortRange.parse(DEFAULT_NODE_PORT_RANGE), "",
        Duration.ofMinutes(3), Duration.ofSeconds(10));
  }

  public ServicesConfig withClusterIpRange(String cidr) {
    return new ServicesConfig(ServiceCidr.parse(cidr), nodePortRange, advertiseAddress, repairInterval, kubernetesServiceInterval);
  }

  public ServicesConfig withNodePortRange(String range) {
    return new ServicesConfig(clusterIpRange, PortRange.parse(range), advertiseAddress, repairInterval, kubernetesServiceInterval);
  }

  public ServicesConfig withAdvertiseAddress(String address) {
    return new ServicesConfig(clusterIpRange, nodePortRange, address, repairInterval, kubernetesServiceInterval);
  }

  public ServicesConfig withRepairInterval(Duration interval) {
    return new ServicesConfig(clusterIpRange, nodePortRange, advertiseAddress, interval, kubernetesServiceInterval);
  }

  public ServicesConfig withKubernetesServiceInterval(Duration interval) {
    return new ServicesConfig(clusterIpRange, nodePortRange, advertiseAddress, repairInterval, interval);
  }
}
