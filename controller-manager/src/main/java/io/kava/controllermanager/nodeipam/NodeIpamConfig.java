package io.kava.controllermanager.nodeipam;

/**
 * The node IPAM controller's flags, as upstream's kube-controller-manager: {@code --allocate-node-cidrs}
 * (off by default), {@code --cluster-cidr} (none by default) and {@code --node-cidr-mask-size} (24).
 */
public record NodeIpamConfig(boolean allocateNodeCidrs, String clusterCidr, int nodeCidrMaskSize) {
  public static final int DEFAULT_NODE_CIDR_MASK_SIZE = 24;

  public NodeIpamConfig {
    if (allocateNodeCidrs) {
      if (clusterCidr == null || clusterCidr.isEmpty()) {
        throw new IllegalArgumentException("--cluster-cidr is required when --allocate-node-cidrs is true");
      }
      if (clusterCidr.contains(",") || clusterCidr.contains(":")) {
        throw new IllegalArgumentException("--cluster-cidr: only one IPv4 CIDR is supported, got " + clusterCidr);
      }
      new CidrSet(Ipv4Cidr.parse(clusterCidr), nodeCidrMaskSize); // throws a flag-worded error when they do not fit
    }
  }

  public static NodeIpamConfig disabled() {
    return new NodeIpamConfig(false, "", DEFAULT_NODE_CIDR_MASK_SIZE);
  }

  public CidrSet cidrSet() {
    return new CidrSet(Ipv4Cidr.parse(clusterCidr), nodeCidrMaskSize);
  }
}
